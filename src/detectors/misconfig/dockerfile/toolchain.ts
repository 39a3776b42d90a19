/** A single-stage build ships its compilers: build in one stage, copy artifacts into a slim one. */
import { defineDockerfileCheck, runs } from './check.js';

const BUILD_PACKAGES = /\b(?:build-essential|gcc|g\+\+|clang|make|cmake|golang(?:-go)?|cargo|rustc|maven|gradle|openjdk-\d+-jdk|default-jdk|[\w.+-]+-dev|autoconf|automake|libtool)\b/;
const SDK_IMAGES = /(?:^|\/)(?:golang|maven|gradle|rust|gcc|buildpack-deps|openjdk)$/;

export const dockerfileToolchain = defineDockerfileCheck({
  id: 'BW-DF-004',
  title: 'Single-stage build ships build toolchains',
  severity: 'medium',
  remediation: 'Use a multi-stage build: compile in a builder stage and COPY --from it into a minimal runtime image.',
  evaluate(df) {
    if (df.stages.length !== 1) return [];
    const base = df.stages[0];
    if (SDK_IMAGES.test(base.image)) return [{ line: base.line, message: `the only stage is based on the SDK image ${base.image}` }];
    const install = runs(df).find((r) => /\b(?:apt-get|apt|apk|yum|dnf|microdnf|zypper)\b[^&|;]*\b(?:install|add)\b/.test(r.args) && BUILD_PACKAGES.test(r.args));
    return install ? [{ line: install.line, message: `build tools (${install.args.match(BUILD_PACKAGES)?.[0]}) are installed into the only stage` }] : [];
  },
});
