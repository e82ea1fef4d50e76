// Runs a Node program (the first argument) with the remaining arguments, and ends it when our
// standard input closes: the Java test harness holds that pipe, so if its JVM dies, even by
// SIGKILL, the emulator does not outlive it.
'use strict';
const path = require('path');

const [, , entry, ...args] = process.argv;
if (!entry) {
  console.error('usage: node with-parent.js <program.js> [args...]');
  process.exit(2);
}
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
