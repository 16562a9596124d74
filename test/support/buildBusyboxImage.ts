// `npm run busybox-image`: builds stevedore/busybox:local on the local engine (the base of examples/hello and of the
// engine tests) from the host's static busybox. Nothing is pulled.
import { connectEngine } from '../../client/src/engine';
import { ensureBusyboxImage } from './busyboxImage';

connectEngine()
  .then(async (engine) => {
    try {
      console.log(`${await ensureBusyboxImage(engine.docker)} is ready`);
    } finally {
      await engine.dispose();
    }
  })
  .catch((error: unknown) => {
    console.error(`busybox-image: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
