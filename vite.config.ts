import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Chromium refuses `<script type="module">` on file:// pages (the origin is null, so the CORS
 * check fails). To let a teacher open dist/index.html straight from a USB stick, the production
 * bundle is a single classic IIFE script loaded with `defer`, which browsers run from file://.
 */
function classicScriptForFileProtocol(): Plugin {
  return {
    name: 'classic-script-for-file-protocol',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml(html) {
      return html
        .replace(
          /<script type="module" crossorigin src="([^"]+)"><\/script>/g,
          '<script defer src="$1"></script>',
        )
        .replace(/ crossorigin(?=[ >])/g, '');
    },
  };
}

// `base: './'` makes every asset URL relative, so the built dist/ works from any sub-path of a
// static host or from a folder on disk. Override with `vite build --base /some/path/`.
export default defineConfig({
  base: './',
  plugins: [react(), classicScriptForFileProtocol()],
  build: {
    target: 'es2022',
    sourcemap: true,
    modulePreload: false,
    // With an IIFE output Vite would inject the CSS from the script (a 28 kB string in the
    // initial JS); one stylesheet linked from index.html loads from file:// as well, in parallel,
    // and styles the page before the script runs.
    cssCodeSplit: false,
    rolldownOptions: {
      output: { format: 'iife' },
    },
  },
  server: { host: '127.0.0.1' },
});
