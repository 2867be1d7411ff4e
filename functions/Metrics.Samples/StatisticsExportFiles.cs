using System.Globalization;

namespace Metrics.Samples;

/// <summary>The synthetic statistics exports of the sample counties as files, for <c>metrics sample --exports</c> and the demo.</summary>
public static class StatisticsExportFiles
{
    /// <summary>
    /// Per county: <c>{code}-{year}-学校名单.xlsx</c> (the school list), <c>{code}-{year}-教基.zip</c> and
    /// <c>{code}-{year}-基础基.zip</c> (the per-school forms of both generations). Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> Write(SampleOptions options, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        for (var i = 0; i < options.Counties; i++)
        {
            var submission = SampleGenerator.County(i, options).Submission;
            var stem = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{submission.County.Code}-{options.Year}"));
            using (var list = File.Create(stem + "-学校名单.xlsx"))
            {
                StatisticsExportWriter.WriteSchoolList(submission, list);
            }

            using (var forms = File.Create(stem + "-教基.zip"))
            {
                StatisticsExportWriter.WriteSchoolForms(submission, StatisticsExportWriter.Forms2021, forms);
            }

            using (var forms = File.Create(stem + "-基础基.zip"))
            {
                StatisticsExportWriter.WriteSchoolForms(submission, StatisticsExportWriter.Forms2018, forms);
            }

            written.AddRange([stem + "-学校名单.xlsx", stem + "-教基.zip", stem + "-基础基.zip"]);
        }

        return written;
    }
}
