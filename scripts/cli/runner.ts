// Binds a command's action to a Context built from the global options.
import { Command } from "commander";
import { Context, GlobalOptions } from "./context";

/** Wraps `action` for commander: the last argument commander passes is the command. */
export function run<A extends unknown[]>(action: (ctx: Context, ...args: A) => Promise<void>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const ctx = Context.from(command.optsWithGlobals() as GlobalOptions);
    await action(ctx, ...(args.slice(0, -1) as A));
  };
}
