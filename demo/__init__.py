"""`make demo`: the example program (`__main__.py`, stack `dev`) against the local Sinch emulator.

`python -m demo` starts the emulator (`python -m emulator --state .demo/emulator-state.json`) in the
background, then runs the program with the `pulumi` CLI when it is on PATH (`pulumi preview`, `up --yes`,
`refresh --yes`, `preview --expect-no-changes`, on a local file backend with an empty passphrase), or else
through the local engine (`engine`: the same plugin process and provider, without the CLI). The program's
webhook points at a receiver the demo runs on 127.0.0.1, which verifies the signature of every event the
senders' provisioning (and launch) sends. It prints what each step did and the verified events, stops the
emulator whatever happens, and exits non-zero on any failure, including a last preview that still has
changes and an event that is missing or fails verification.

Modules: `main` (command line and the run), `stack_config` (Pulumi.yaml and Pulumi.dev.yaml),
`local_emulator` (the emulator process and what the provider needs to reach it), `harness_run` and
`cli_run` (the two ways to run the program), `render` (the step summaries), `webhook_receiver` (the
receiver), `events` (the webhook's config for the run, the expected events, their block), `errors`.
"""
