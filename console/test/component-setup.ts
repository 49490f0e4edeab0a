// Each component test starts from an empty document (vitest runs without globals, so the testing
// library cannot register its own cleanup).
import { cleanup } from '@solidjs/testing-library';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
