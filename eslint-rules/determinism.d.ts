// Types for the plain-JS rule, so tests can load it without a build step.
import type { Rule } from 'eslint';

declare const noHostNondeterminism: Rule.RuleModule;
export default noHostNondeterminism;
