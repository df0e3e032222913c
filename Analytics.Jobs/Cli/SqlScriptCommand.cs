using System.CommandLine;
using Analytics.Domain.Persistence;

namespace Analytics.Jobs.Cli;

public static class SqlScriptCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the script.", DefaultValueFactory = _ => new FileInfo(Path.Combine("sql", SqlServerDeployScript.FileName)) };
        var command = new Command("sql-script", "Write the idempotent SQL Server deploy script generated from the migrations (no server needed).") { output };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(output)!;
            file.Directory?.Create();
            await File.WriteAllTextAsync(file.FullName, SqlServerDeployScript.Generate(), ct);
            await Console.Out.WriteLineAsync($"Wrote {file.FullName}");
            return 0;
        });
        return command;
    }
}
