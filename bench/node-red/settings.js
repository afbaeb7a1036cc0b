// Node-RED settings for bench/run's Node-RED reference row: the flow of flow.json (http in -> check the
// signature -> http response) served on 127.0.0.1 only, with no editor, no admin API and no telemetry,
// so that the process does nothing but answer the flow's webhooks. bench/run copies this file and
// flow.json into a fresh user directory and starts Node-RED (the version it pins, installed from npm
// into a cache outside the repository) on core 0 with `taskset -c 0`, like the gateway.
//
// Environment: PORT (the port to listen on), SENDCLOUD_SECRET and BITESHIP_SECRET (the secrets wrk's
// bench/webhooks.lua signs with; the flow reads them with env.get).
module.exports = {
    flowFile: "flow.json",
    flowFilePretty: true,
    credentialSecret: false,
    uiHost: "127.0.0.1",
    uiPort: Number(process.env.PORT || 1880),
    // no editor and no admin API: only the flow's http in endpoints are served
    httpAdminRoot: false,
    httpNodeRoot: "/",
    // the function nodes load Node's crypto module through their `libs` (a built-in module, nothing to install)
    functionExternalModules: true,
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: true } },
    logging: { console: { level: "warn", metrics: false, audit: false } },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    contextStorage: { default: { module: "memory" } },
    exportGlobalContextKeys: false,
};
