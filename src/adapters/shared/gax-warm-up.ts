import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * protobufjs writes each message type's encoder, decoder and converters (generated code) the first time the type
 * is used, and a Google client's first response touches dozens of nested types at once: in the bench, the first
 * `/ops status` after the clients were built still held the event loop ~100 ms for it. `setUpMessageTypes` does
 * that in the warm-up instead, for every type the named services' methods reach, a slice of ~10 ms at a time.
 * It reads the client's proto tree (`_protos`, a field every generated google-gax client has); a client without
 * one is left to set its types up on first use, as before.
 */

interface ProtoType {
  fieldsArray: { resolve(): { resolvedType: unknown } }[];
  setup(): unknown;
}
interface ProtoService {
  methodsArray: { resolve(): { resolvedRequestType: unknown; resolvedResponseType: unknown } }[];
}
interface ProtoRoot {
  lookupService(name: string): ProtoService;
  lookupType(name: string): ProtoType;
}

const SLICE_MS = 10;

export async function setUpMessageTypes(client: object, services: string[], extraTypes: string[] = []): Promise<void> {
  const root = (client as { _protos?: ProtoRoot })._protos;
  if (!root?.lookupService) return;
  const types = new Set<ProtoType>();
  const visit = (type: unknown): void => {
    if (!isMessageType(type) || types.has(type)) return;
    types.add(type);
    for (const field of type.fieldsArray) visit(field.resolve().resolvedType);
  };
  for (const name of services)
    for (const method of root.lookupService(name).methodsArray) {
      const { resolvedRequestType, resolvedResponseType } = method.resolve();
      visit(resolvedRequestType);
      visit(resolvedResponseType);
    }
  for (const name of extraTypes) visit(root.lookupType(name));

  let sliceStart = performance.now();
  for (const type of types) {
    if (!Object.hasOwn(type, 'encode')) type.setup(); // set up already: its generated code is its own property
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

function isMessageType(type: unknown): type is ProtoType {
  return typeof type === 'object' && type !== null && 'fieldsArray' in type && 'setup' in type;
}
