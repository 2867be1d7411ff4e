using System.Text;
using Metrics.Pipeline.Api;

namespace Metrics.Pipeline.Tests.Api;

public class PrincipalTests
{
    private static string Header(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_EasyAuthHeader_ReadsNameAndRoles()
    {
        // The shape App Service authentication sends (claims with typ/val, role_typ naming the role claim).
        var header = Header("""
            {"auth_typ":"aad","name_typ":"name","role_typ":"roles",
             "claims":[{"typ":"name","val":"石家庄教育局"},{"typ":"roles","val":"county.130102"},
                       {"typ":"roles","val":"county:130103"},{"typ":"roles","val":"county:bad"},{"typ":"aud","val":"x"}]}
            """);

        var p = ClientPrincipal.Parse(header)!;

        Assert.Equal("石家庄教育局", p.Name);
        Assert.False(p.IsEvaluator);
        Assert.Equal(["130102", "130103"], p.Counties.Order());
        Assert.True(p.CanWrite("130102"));
        Assert.False(p.CanRead("130104"));
    }

    [Fact]
    public void Parse_EvaluatorWithTheDefaultRoleClaimType_ReadsEverything()
    {
        var header = Header("""{"claims":[{"typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","val":"Evaluator"}]}""");

        var p = ClientPrincipal.Parse(header)!;

        Assert.True(p.IsEvaluator);
        Assert.True(p.CanRead("999999"));
        Assert.False(p.CanWrite("999999"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")]
    public void Parse_MissingOrMalformedHeader_IsAnonymous(string? header)
    {
        Assert.Null(ClientPrincipal.Parse(header));
    }

    [Fact]
    public void ApiKeys_AreComparedByHash()
    {
        var auth = new ApiKeyAuthenticator([new ApiKeyOptions { Name = "county", Sha256 = ApiKeyAuthenticator.Hash("s3cret"), Roles = ["county:130102"] }]);

        Assert.Equal(["130102"], auth.Authenticate("s3cret")!.Counties);
        Assert.Null(auth.Authenticate("s3cret "[..5]));
        Assert.Null(auth.Authenticate(null));
        // The hash of "abc" (FIPS 180-2 test vector), so the configured value is the standard SHA-256.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyAuthenticator.Hash("abc"));
    }
}
