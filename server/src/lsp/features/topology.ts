import { getTopology, TOPOLOGY_REQUEST, type TopologyParams, type TopologyResult } from '../../service';
import { guard } from '../guard';
import { defineFeature } from './feature';

/**
 * `stevedore/topology`: the graph of an open file's project, stack or folder, for the extension's graph view. A
 * custom request, so nothing is advertised; any client may ask. A file the server does not hold answers why.
 */
export const topology = defineFeature<null>({
  support: () => null,
  capabilities: () => ({}),
  register: (context) => {
    const { connection, documents } = context;
    connection.onRequest(TOPOLOGY_REQUEST, (params: TopologyParams): TopologyResult => {
      const unavailable: TopologyResult = { uri: params.uri, unavailable: 'the file is not open in the editor' };
      const document = documents.get(params.uri);
      if (!document) return unavailable;
      return guard(
        connection,
        'topology',
        { uri: params.uri, unavailable: 'the graph could not be built (see the server log)' },
        () => {
          const { file, context: validation } = context.resolve(document);
          return getTopology(file, validation);
        },
      )();
    });
  },
});
