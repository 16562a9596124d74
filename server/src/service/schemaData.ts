// The pinned JSON schemas of the schemas/ project (its README gives their sources, versions and licences): the one
// module of the service that reaches into it, so no import climbs further than the service's own root.
import v30 from '../../../schemas/config_schema_v3.0.json';
import v31 from '../../../schemas/config_schema_v3.1.json';
import v32 from '../../../schemas/config_schema_v3.2.json';
import v33 from '../../../schemas/config_schema_v3.3.json';
import v34 from '../../../schemas/config_schema_v3.4.json';
import v35 from '../../../schemas/config_schema_v3.5.json';
import v36 from '../../../schemas/config_schema_v3.6.json';
import v37 from '../../../schemas/config_schema_v3.7.json';
import v38 from '../../../schemas/config_schema_v3.8.json';
import v39 from '../../../schemas/config_schema_v3.9.json';
import v310 from '../../../schemas/config_schema_v3.10.json';
import v311 from '../../../schemas/config_schema_v3.11.json';
import v312 from '../../../schemas/config_schema_v3.12.json';
import v313 from '../../../schemas/config_schema_v3.13.json';

export { default as composeSpec } from '../../../schemas/compose-spec.json';

/** docker/cli's stack schemas by version; `docker stack deploy` uses 3.13 when a file names none. */
export const STACK_SCHEMAS: Readonly<Record<string, unknown>> = {
  '3.0': v30,
  '3.1': v31,
  '3.2': v32,
  '3.3': v33,
  '3.4': v34,
  '3.5': v35,
  '3.6': v36,
  '3.7': v37,
  '3.8': v38,
  '3.9': v39,
  '3.10': v310,
  '3.11': v311,
  '3.12': v312,
  '3.13': v313,
};

/** Marathon's app, pod and group definitions, generated from its RAML types (schemas/marathon/convert.mjs). */
export { default as marathonSchema } from '../../../schemas/marathon/marathon.schema.json';
