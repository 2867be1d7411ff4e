using Metrics.Core.Model;

namespace Metrics.TestSupport;

/// <summary>Builders for domain test data: a school that meets every quality-2017 standard unless told otherwise.</summary>
public static class Schools
{
    /// <summary>
    /// A 小学 of <paramref name="pupils"/> pupils whose every quality-2017 primary value is
    /// comfortably above standard (qualified 5/100, key 1.2/100, PE/art 1/100, 5 m², 8 m², 2 500 元, 2.5 rooms/100).
    /// </summary>
    public static School Primary(string code, int pupils, Location location = Location.Urban) => new()
    {
        Code = code,
        Name = "小学" + code,
        Type = SchoolType.Primary,
        Location = location,
        StudentsPrimary = pupils,
        ClassesPrimary = Math.Max(1, pupils / 40),
        MaxClassPrimary = 40,
        StaffPrimary = new SectionStaff(
            Teachers: pupils / 16,
            Qualified: pupils * 5 / 100,
            Key: (int)Math.Ceiling(pupils * 1.2 / 100),
            PeArt: pupils / 100 + 1,
            SeniorTitle: pupils / 40),
        CertifiedTeachers = pupils / 16,
        TeachingSpaceM2 = pupils * 5.0,
        SportsSpaceM2 = pupils * 8.0,
        EquipmentValueYuan = pupils * 2500.0,
        MultimediaRooms = (int)Math.Ceiling(pupils * 2.5 / 100),
        Computers = pupils / 8,
        Books = pupils * 30,
        MusicRooms = 2,
        MusicRoomMinM2 = 100,
        ArtRooms = 2,
        ArtRoomMinM2 = 95,
    };

    /// <summary>A 初中 comfortably above every quality-2017 junior standard.</summary>
    public static School Junior(string code, int pupils, Location location = Location.Urban) => new()
    {
        Code = code,
        Name = "初中" + code,
        Type = SchoolType.Junior,
        Location = location,
        StudentsJunior = pupils,
        ClassesJunior = Math.Max(1, pupils / 45),
        MaxClassJunior = 45,
        StaffJunior = new SectionStaff(
            Teachers: pupils / 12,
            Qualified: pupils * 6 / 100,
            Key: (int)Math.Ceiling(pupils * 1.2 / 100),
            PeArt: pupils / 100 + 1,
            SeniorTitle: pupils / 30),
        CertifiedTeachers = pupils / 12,
        TeachingSpaceM2 = pupils * 6.5,
        SportsSpaceM2 = pupils * 11.0,
        EquipmentValueYuan = pupils * 3000.0,
        MultimediaRooms = (int)Math.Ceiling(pupils * 2.6 / 100),
        Computers = pupils / 6,
        Books = pupils * 40,
        MusicRooms = 2,
        MusicRoomMinM2 = 100,
        ArtRooms = 2,
        ArtRoomMinM2 = 95,
    };

    public static CountyInfo County(string? profile = null) => new()
    {
        Code = "130102",
        Name = "长安区",
        SchoolYear = 2024,
        Profile = profile,
    };

    public static CountySubmission Submission(params School[] schools) => new() { County = County(), Schools = schools };
}
