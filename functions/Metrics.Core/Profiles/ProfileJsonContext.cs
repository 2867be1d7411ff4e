using System.Text.Json.Serialization;

namespace Metrics.Core.Profiles;

/// <summary>
/// Compile-time JSON metadata of a profile and of every check's parameters (<see cref="CheckRulesJsonConverter"/>
/// reads each check as its declared rule type through it). Start-up needs no reflection over these
/// types, and the natively compiled CLI can read profiles at all.
/// </summary>
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(CheckRule))]
[JsonSerializable(typeof(MinimumRule))]
[JsonSerializable(typeof(MusicArtRoomsRule))]
[JsonSerializable(typeof(SchoolSizeRule))]
[JsonSerializable(typeof(ClassSizeRule))]
[JsonSerializable(typeof(SmallSchoolFundingRule))]
[JsonSerializable(typeof(RotationRule))]
[JsonSerializable(typeof(NearbyEnrollmentRule))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
