using Azure.Core;
using Azure.Identity;

namespace Metrics.Pipeline.Storage;

/// <summary>Builds an <see cref="IBlobStore"/> from the one-line storage setting (<c>Metrics:Storage</c>, <c>--storage</c>).</summary>
public static class BlobStoreFactory
{
    private const string Forms =
        "Use one of: \"folder:PATH\" (a local folder, e.g. folder:./data), "
        + "\"UseDevelopmentStorage=true\" (Azurite on 127.0.0.1:10000), "
        + "a storage connection string (containing AccountName= or BlobEndpoint=), "
        + "or an https service URI such as https://ACCOUNT.blob.core.windows.net (signs in with DefaultAzureCredential).";

    /// <summary>
    /// Parses <paramref name="spec"/>:
    /// <list type="bullet">
    /// <item><c>folder:PATH</c> → <see cref="FolderBlobStore"/> (relative paths resolve against the current directory);</item>
    /// <item><c>UseDevelopmentStorage=true</c>, or any string containing <c>AccountName=</c> or <c>BlobEndpoint=</c> → <see cref="AzureBlobStore.FromConnectionString"/>;</item>
    /// <item>an absolute <c>https://</c> URI → <see cref="AzureBlobStore.FromServiceUri"/> with <see cref="DefaultAzureCredential"/>.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">The spec is none of these; the message lists the accepted forms and never echoes a key.</exception>
    public static IBlobStore Create(string spec) => Create(spec, credential: null);

    /// <summary>As <see cref="Create(string)"/>, with the credential used for a service URI (default: <see cref="DefaultAzureCredential"/>).</summary>
    public static IBlobStore Create(string spec, TokenCredential? credential)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new ArgumentException("The storage setting is empty. " + Forms, nameof(spec));
        }

        var s = spec.Trim();
        if (s.StartsWith("folder:", StringComparison.OrdinalIgnoreCase))
        {
            var path = s["folder:".Length..].Trim();
            if (path.Length == 0)
            {
                throw new ArgumentException("\"folder:\" needs a path, e.g. folder:./data. " + Forms, nameof(spec));
            }

            return new FolderBlobStore(path);
        }

        if (s.Contains("UseDevelopmentStorage=", StringComparison.OrdinalIgnoreCase)
            || s.Contains("AccountName=", StringComparison.OrdinalIgnoreCase)
            || s.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase))
        {
            return AzureBlobStore.FromConnectionString(s);
        }

        if (Uri.TryCreate(s, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            if (uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException(
                    $"Service URI \"{uri.GetLeftPart(UriPartial.Path)}\" must use https (token credentials need TLS); for Azurite use a connection string or UseDevelopmentStorage=true. " + Forms,
                    nameof(spec));
            }

            if (uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ArgumentException(
                    $"Service URI \"{uri.GetLeftPart(UriPartial.Path)}\" must not carry a query or credentials (SAS tokens are not supported here); the store signs in with a token credential. " + Forms,
                    nameof(spec));
            }

            return AzureBlobStore.FromServiceUri(uri, credential ?? new DefaultAzureCredential());
        }

        // Echo the setting only when it cannot hold a secret (no key=value, no query).
        var shown = s.Contains('=', StringComparison.Ordinal) || s.Contains('?', StringComparison.Ordinal) ? "(not shown)" : $"\"{s}\"";
        var hint = LooksLikePath(s) ? $" It looks like a path: write \"folder:{s}\"." : "";
        throw new ArgumentException($"Unrecognised storage setting {shown}.{hint} " + Forms, nameof(spec));
    }

    private static bool LooksLikePath(string s) =>
        !s.Contains('=', StringComparison.Ordinal)
        && (s.StartsWith('.') || s.StartsWith('/') || s.StartsWith('~') || s.Contains('\\', StringComparison.Ordinal)
            || (s.Length >= 2 && s[1] == ':' && char.IsAsciiLetter(s[0])));
}
