// determinism/no-host-nondeterminism: the engine layers must replay bit for bit from a seed and an
// input log, so no wall clock, host randomness, host scheduling or host locale may be reached.
// The rule resolves every reference through the scope manager, so a local that shadows a global
// is left alone, while aliases (`const M = Math`, `const { Date: D } = globalThis`) are followed.

// Globals that are banned outright, whatever is done with them.
const bannedGlobals = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'postMessage',
  'MessageChannel',
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
  'performance',
  'navigator',
  'Intl',
  'WeakRef',
  'FinalizationRegistry',
  'document',
  'eval',
  'Function',
];

// Globals that are fine to use except for some members; `callable` also bans calling them.
const guardedGlobals = {
  Math: { members: ['random'] },
  Date: { members: ['now'], callable: true },
  crypto: { members: ['getRandomValues', 'randomUUID'] },
  process: {
    members: [
      'hrtime',
      'uptime',
      'nextTick',
      'cpuUsage',
      'memoryUsage',
      'resourceUsage',
      'getBuiltinModule',
      'binding',
    ],
  },
  Atomics: { members: ['wait', 'waitAsync'] },
  Temporal: { members: ['Now'] },
  AbortSignal: { members: ['timeout'] },
};

// The global object under its names: a member of one of these is the global of that name.
const globalObjects = ['globalThis', 'window', 'self', 'global', 'frames', 'parent', 'top'];

// Host-locale dependent methods, banned on any object since their receiver's type is unknown here.
const localeMembers = new Set([
  'toLocaleString',
  'toLocaleDateString',
  'toLocaleTimeString',
  'toLocaleUpperCase',
  'toLocaleLowerCase',
  'localeCompare',
]);

// Node modules that hand out the same host facilities under an import.
const bannedModules = new Set(
  [
    'crypto',
    'perf_hooks',
    'timers',
    'timers/promises',
    'worker_threads',
    'os',
    'process',
    'async_hooks',
  ].flatMap((m) => [m, `node:${m}`]),
);

// A Map, so that member names such as `constructor` never hit Object.prototype.
const kinds = new Map();
for (const name of bannedGlobals) kinds.set(name, { name, banned: true });
for (const [name, g] of Object.entries(guardedGlobals)) {
  kinds.set(name, {
    name,
    members: new Set(g.members),
    callable: g.callable === true,
    reach: [...g.members.map((m) => `${name}.${m}`), ...(g.callable ? [`new ${name}()`] : [])].join(', '),
  });
}
for (const name of globalObjects) kinds.set(name, { name, globalObject: true, reach: 'every host global' });

const tsWrappers = new Set([
  'TSAsExpression',
  'TSTypeAssertion',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
]);

const kernel = 'use the sim kernel (virtual clock, seeded streams, timers) instead';

/** The member name of `o.x`, `o['x']`, `o[`x`]` or a `{ x }` pattern key; null when computed at run time. */
function staticKey(key, computed) {
  if (!computed) return key.type === 'Identifier' ? key.name : null;
  if (key.type === 'Literal') return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0].value.cooked;
  return null;
}

/** True for `declare const performance: …` and the like: TypeScript emits nothing, so reads hit the host. */
function ambient(def) {
  for (let n = def.node; n; n = n.parent) {
    if (n.declare === true || n.type === 'TSDeclareFunction') return true;
    if (n.type === 'Program') return false;
  }
  return false;
}

/** True for references that only exist in type position (`x: Date`, `typeof performance`). */
function typeOnly(ref) {
  if (ref.isValueReference === false) return true;
  let n = ref.identifier.parent;
  while (n?.type === 'TSQualifiedName') n = n.parent;
  return n?.type === 'TSTypeQuery';
}

export default {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Ban wall-clock time, host randomness, host scheduling and host locale in the engine layers',
    },
    schema: [],
    messages: {
      banned: `{{api}} is banned in the engine layers: ${kernel}`,
      computed: `computed access to {{api}} is banned in the engine layers (it can reach {{reach}}): ${kernel}`,
      escape: `{{api}} used as a value is banned in the engine layers (it can reach {{reach}}): ${kernel}`,
      cast: `a cast of {{api}} is banned in the engine layers (it hides which host global is read): ${kernel}`,
      module: `importing '{{api}}' is banned in the engine layers: ${kernel}`,
      dynamicImport: `import() of a computed name is banned in the engine layers (it can load a host module): ${kernel}`,
      forIn: 'for...in is banned in the engine layers: iterate sorted keys or a Map explicitly',
    },
  },

  create(context) {
    const sourceCode = context.sourceCode;
    const followed = new Set();

    function report(node, messageId, data) {
      context.report({ node, messageId, data });
    }

    // `node` evaluates to the host value `kind`; judge what the surrounding code does with it.
    function check(node, kind) {
      if (kind.banned) {
        const p = node.parent;
        const called = (p.type === 'NewExpression' || p.type === 'CallExpression') && p.callee === node;
        const api =
          kind.name === 'Function' && called && p.type === 'NewExpression' ? 'new Function' : kind.name;
        report(node, 'banned', { api });
        return;
      }
      let n = node;
      for (;;) {
        const p = n.parent;
        if (p.type === 'ChainExpression') n = p;
        else if (tsWrappers.has(p.type) && p.expression === n) {
          if (kind.globalObject) {
            report(p, 'cast', { api: kind.name });
            return;
          }
          n = p;
        } else break;
      }
      const p = n.parent;
      switch (p.type) {
        case 'MemberExpression':
          if (p.object === n) return member(p, kind);
          break;
        case 'CallExpression':
        case 'NewExpression':
          if (p.callee === n) {
            if (kind.callable)
              report(p, 'banned', {
                api: p.type === 'NewExpression' ? `new ${kind.name}()` : `${kind.name}()`,
              });
            return;
          }
          break;
        case 'VariableDeclarator':
          if (p.init === n) return declarator(p, kind);
          break;
        case 'BinaryExpression':
          if (p.right === n && (p.operator === 'instanceof' || p.operator === 'in')) return;
          break;
        case 'UnaryExpression':
          if (p.operator === 'typeof') return;
          break;
      }
      // Passed, returned, stored, exported, spread…: beyond that point it cannot be followed.
      report(n, 'escape', { api: kind.name, reach: kind.reach });
    }

    function member(node, kind) {
      const key = staticKey(node.property, node.computed);
      if (key === null) return report(node, 'computed', { api: kind.name, reach: kind.reach });
      if (kind.globalObject) {
        const target = kinds.get(key);
        if (target) check(node, target);
      } else if (kind.members.has(key)) {
        report(node, 'banned', { api: `${kind.name}.${key}` });
      }
    }

    function declarator(node, kind) {
      const exported = node.parent.parent?.type === 'ExportNamedDeclaration';
      if (node.id.type === 'Identifier' && !exported) {
        for (const v of sourceCode.getDeclaredVariables(node)) follow(v, kind);
      } else if (node.id.type === 'ObjectPattern' && !exported) {
        pattern(node, node.id, kind);
      } else {
        report(node.init, 'escape', { api: kind.name, reach: kind.reach });
      }
    }

    // `const { random, Date: D, performance: { now } } = <kind>`
    function pattern(decl, node, kind) {
      for (const prop of node.properties) {
        if (prop.type === 'RestElement') {
          report(prop, 'escape', { api: kind.name, reach: kind.reach });
          continue;
        }
        const key = staticKey(prop.key, prop.computed);
        if (key === null) {
          report(prop, 'computed', { api: kind.name, reach: kind.reach });
          continue;
        }
        if (!kind.globalObject) {
          if (kind.members.has(key)) report(prop, 'banned', { api: `${kind.name}.${key}` });
          continue;
        }
        const target = kinds.get(key);
        if (!target) continue;
        if (target.banned) {
          report(prop, 'banned', { api: target.name });
          continue;
        }
        const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
        if (value.type === 'Identifier') {
          for (const v of sourceCode.getDeclaredVariables(decl)) {
            if (v.identifiers.includes(value)) follow(v, target);
          }
        } else if (value.type === 'ObjectPattern') {
          pattern(decl, value, target);
        } else {
          report(prop, 'escape', { api: target.name, reach: target.reach });
        }
      }
    }

    // Every read of an alias is a read of what it was initialised with.
    function follow(variable, kind) {
      if (followed.has(variable)) return;
      followed.add(variable);
      for (const ref of variable.references) {
        if (ref.init || !ref.isRead() || typeOnly(ref)) continue;
        check(ref.identifier, kind);
      }
    }

    function moduleSource(source) {
      if (source?.type === 'Literal' && bannedModules.has(source.value)) {
        report(source, 'module', { api: source.value });
      }
    }

    // `require('node:crypto')`; a computed `import(name)` could load anything, so it is banned too.
    function requireCall(ref) {
      const p = ref.identifier.parent;
      if (p.type === 'CallExpression' && p.callee === ref.identifier) moduleSource(p.arguments[0]);
    }

    return {
      Program(program) {
        // A variable with no definition in any scope is the host global (or an undeclared name).
        const globalScope = sourceCode.getScope(program);
        const refs = new Set(globalScope.through);
        for (const scope of sourceCode.scopeManager.scopes) {
          for (const v of scope.variables) {
            const host =
              scope === globalScope ? v.defs.every(ambient) : v.defs.length > 0 && v.defs.every(ambient);
            if (host) for (const ref of v.references) refs.add(ref);
          }
        }
        for (const ref of refs) {
          if (typeOnly(ref)) continue;
          const kind = kinds.get(ref.identifier.name);
          if (kind) check(ref.identifier, kind);
          else if (ref.identifier.name === 'require') requireCall(ref);
        }
      },
      MemberExpression(node) {
        const key = staticKey(node.property, node.computed);
        if (key !== null && localeMembers.has(key)) report(node.property, 'banned', { api: key });
      },
      'ObjectPattern > Property'(node) {
        const key = staticKey(node.key, node.computed);
        if (key !== null && localeMembers.has(key)) report(node.key, 'banned', { api: key });
      },
      ForInStatement(node) {
        report(node, 'forIn');
      },
      ImportDeclaration: (node) => moduleSource(node.source),
      ImportExpression(node) {
        if (node.source.type === 'Literal') moduleSource(node.source);
        else report(node.source, 'dynamicImport');
      },
      ExportAllDeclaration: (node) => moduleSource(node.source),
      ExportNamedDeclaration: (node) => moduleSource(node.source),
      TSExternalModuleReference: (node) => moduleSource(node.expression),
    };
  },
};
