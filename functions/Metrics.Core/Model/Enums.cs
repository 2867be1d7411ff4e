namespace Metrics.Core.Model;

/// <summary>A level of compulsory education. Levels are always evaluated separately, never mixed.</summary>
public enum Level
{
    /// <summary>小学, grades 1–6.</summary>
    Primary,

    /// <summary>初中, grades 7–9.</summary>
    Junior,
}

/// <summary>学校类型 as the county workbook states it (method §1).</summary>
public enum SchoolType
{
    /// <summary>小学: one primary unit.</summary>
    Primary,

    /// <summary>初中: one junior unit.</summary>
    Junior,

    /// <summary>九年一贯制: a primary and a junior section.</summary>
    NineYear,

    /// <summary>十二年一贯制: primary and junior sections; its senior pupils are outside the evaluation.</summary>
    TwelveYear,

    /// <summary>完全中学: a junior section (its senior pupils are outside the evaluation).</summary>
    Complete,

    /// <summary>教学点: a teaching point, excluded below the profile's pupil cut-off.</summary>
    TeachingPoint,

    /// <summary>特殊教育学校: excluded by default.</summary>
    SpecialEducation,

    /// <summary>职业学校: excluded by default.</summary>
    Vocational,
}

/// <summary>城区 / 镇区 / 乡村, the grouping of the Theil decomposition.</summary>
public enum Location
{
    Urban,
    Town,
    Rural,
}

/// <summary>公办 / 民办.</summary>
public enum Ownership
{
    Public,
    Private,
}

/// <summary>Scope of an urban–rural pairing (结对帮扶), method §7.</summary>
public enum PairingScope
{
    /// <summary>县域内.</summary>
    WithinCounty,

    /// <summary>市域内跨县.</summary>
    WithinCity,

    /// <summary>省域内跨市.</summary>
    WithinProvince,
}

/// <summary>
/// Outcome of a rule: passed, failed, not assessable because data is missing (never a pass), or
/// not applicable because the county has nothing the rule is about (a county without junior
/// schools is neither failed nor "not assessed" on its junior level).
/// </summary>
public enum Status
{
    Pass,
    Fail,
    NotAssessed,
    NotApplicable,
}
