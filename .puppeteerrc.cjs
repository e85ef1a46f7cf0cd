// puppeteer is a dev dependency only for the Pipeline.draw render tests, which use the system
// Chromium (.ci/run installs Debian's). Its install script must not download a browser of its own:
// there is no network but the package registries, and `npm ci` would fail on it.
module.exports = { skipDownload: true };
