import ArgumentParser

/// The `ciblab` command: a laboratory for coordinated inauthentic behaviour.
@main
struct CIBLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ciblab",
        abstract: "Generate synthetic influence campaigns inside organic activity, run detectors, evaluate them.",
        version: ToolInfo.version,
        subcommands: [
            DoctorCommand.self,
            GenerateCommand.self,
            ValidateCommand.self,
            DescribeCommand.self,
            RunCommand.self,
            DetectorsCommand.self,
            DetectCommand.self,
            EvaluateCommand.self,
            CoordinationNetworkCommand.self,
            BaselineCommand.self,
            CheckCommand.self,
            SweepCommand.self,
            TextSampleCommand.self,
        ]
    )
}
