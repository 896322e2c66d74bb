using Scheduler.Cli;

return SchedulerCli.Run(args, Console.Out, Console.Error);
