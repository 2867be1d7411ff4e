using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Metrics.Infra.Tests;

/// <summary>The C# source of functions/Metrics.Functions, parsed (it cannot be compiled here).</summary>
internal static class FunctionsSource
{
    public static readonly string ProjectDirectory = Repository.PathOf("functions", "Metrics.Functions");

    private static readonly Lazy<SyntaxTree[]> Trees = new(() =>
        Directory.EnumerateFiles(ProjectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path))
            .ToArray());

    public static IReadOnlyList<SyntaxTree> Files => Trees.Value;

    /// <summary>Every method carrying <c>[Function(...)]</c>, with the file it is in.</summary>
    public static IEnumerable<MethodDeclarationSyntax> FunctionMethods =>
        Files.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(method => HasAttribute(method.AttributeLists, "Function"));

    /// <summary>Every class that declares a <c>[Function]</c> method.</summary>
    public static IEnumerable<ClassDeclarationSyntax> FunctionClasses =>
        FunctionMethods.Select(m => m.Parent).OfType<ClassDeclarationSyntax>().Distinct();

    /// <summary>The name given in <c>[Function(nameof(X))]</c> or <c>[Function("X")]</c>.</summary>
    public static string FunctionName(MethodDeclarationSyntax method)
    {
        var argument = method.AttributeLists.SelectMany(l => l.Attributes)
            .Single(a => IsNamed(a, "Function")).ArgumentList!.Arguments[0].Expression;
        return argument switch
        {
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } } nameOf =>
                nameOf.ArgumentList.Arguments[0].Expression.ToString().Split('.')[^1],
            LiteralExpressionSyntax literal => literal.Token.ValueText,
            _ => throw new InvalidOperationException($"Unexpected function name expression {argument}."),
        };
    }

    /// <summary>The attribute on one of the method's parameters, e.g. <c>BlobTrigger</c>.</summary>
    public static AttributeSyntax? ParameterAttribute(MethodDeclarationSyntax method, string name) =>
        method.ParameterList.Parameters.SelectMany(p => p.AttributeLists).SelectMany(l => l.Attributes)
            .FirstOrDefault(a => IsNamed(a, name));

    /// <summary>Lines from the first to the last line of a node, trivia (doc comments) excluded.</summary>
    public static int LineCount(SyntaxNode node)
    {
        var span = node.SyntaxTree.GetLineSpan(node.Span);
        return span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
    }

    public static string Where(SyntaxNode node)
    {
        var span = node.SyntaxTree.GetLineSpan(node.Span);
        return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
    }

    public static bool HasAttribute(SyntaxList<AttributeListSyntax> lists, string name) =>
        lists.SelectMany(l => l.Attributes).Any(a => IsNamed(a, name));

    private static bool IsNamed(AttributeSyntax attribute, string name)
    {
        var simple = attribute.Name.ToString().Split('.')[^1];
        return simple == name || simple == name + "Attribute";
    }

    private static bool IsBuildOutput(string path)
    {
        var relative = Path.GetRelativePath(ProjectDirectory, path).Replace('\\', '/');
        return relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal);
    }
}
