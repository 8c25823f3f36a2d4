// Checks that @polkadot/api understands a node's runtime metadata completely: every type resolves,
// every storage entry, call, event, error and constant of every pallet is reachable through the
// api and its registry, and live storage decodes.

import assert from 'node:assert/strict';

import { allExtensions } from '@polkadot/types/extrinsic/signedExtensions';
import { hexToU8a, stringCamelCase, u8aToHex } from '@polkadot/util';

/**
 * Throws (via node:assert) on the first problem; returns counts for the log.
 * @param {import('@polkadot/api').ApiPromise} api
 * @param {string[]} expectedPallets pallet names (as in the metadata) that must be present
 */
export async function verifyMetadata(api, expectedPallets) {
  const { registry } = api;
  const metadata = api.runtimeMetadata;
  const latest = metadata.asLatest;
  const summary = {
    version: metadata.version, pallets: latest.pallets.length, types: latest.lookup.types.length,
    storage: 0, calls: 0, events: 0, errors: 0, constants: 0,
  };

  const names = latest.pallets.map((p) => p.name.toString());
  const missing = expectedPallets.filter((name) => !names.includes(name));
  assert.deepEqual(missing, [], `pallets missing from the runtime (present: ${names.join(', ')})`);

  // Every type the metadata refers to must resolve in the registry.
  metadata.getUniqTypes(true);
  for (const { id } of latest.lookup.types) {
    assert.doesNotThrow(() => registry.lookup.getTypeDef(id), `lookup type ${id.toNumber()} does not resolve`);
  }

  const variantsOf = (typeId) => registry.lookup.getSiType(typeId).def.asVariant.variants;
  const plainReads = [];
  const mapReads = [];

  for (const pallet of latest.pallets) {
    const section = stringCamelCase(pallet.name);
    const palletIndex = pallet.index.toNumber();

    if (pallet.storage.isSome) {
      for (const item of pallet.storage.unwrap().items) {
        const where = `${section}.${stringCamelCase(item.name)}`;
        const query = api.query[section]?.[stringCamelCase(item.name)];
        assert.ok(query, `api.query.${where} missing`);
        // The default value is what the api decodes whenever the entry is empty.
        const valueType = item.type.isPlain ? item.type.asPlain : item.type.asMap.value;
        assert.doesNotThrow(
          () => registry.createTypeUnsafe(registry.createLookupType(valueType), [hexToU8a(item.fallback.toHex())],
            { isOptional: item.modifier.isOptional }),
          `storage ${where}: default value does not decode`,
        );
        // Reading live state decodes real keys and values, not just type definitions.
        (item.type.isPlain ? plainReads : mapReads).push([where, query]);
        summary.storage++;
      }
    }

    if (pallet.calls.isSome) {
      for (const variant of variantsOf(pallet.calls.unwrap().type)) {
        const callIndex = new Uint8Array([palletIndex, variant.index.toNumber()]);
        const meta = registry.findMetaCall(callIndex);
        assert.equal(`${meta.section}.${meta.method}`, `${section}.${stringCamelCase(variant.name)}`,
          `call ${u8aToHex(callIndex)} resolves to the wrong call`);
        assert.ok(api.tx[section]?.[meta.method], `api.tx.${section}.${meta.method} missing`);
        summary.calls++;
      }
    }

    if (pallet.events.isSome) {
      for (const variant of variantsOf(pallet.events.unwrap().type)) {
        const name = variant.name.toString();
        assert.ok(registry.findMetaEvent(new Uint8Array([palletIndex, variant.index.toNumber()])),
          `event ${section}.${name} not in the registry`);
        assert.ok(api.events[section]?.[name], `api.events.${section}.${name} missing`);
        summary.events++;
      }
    }

    if (pallet.errors.isSome) {
      for (const variant of variantsOf(pallet.errors.unwrap().type)) {
        const meta = registry.findMetaError(new Uint8Array([palletIndex, variant.index.toNumber()]));
        assert.equal(`${meta.section}.${meta.name}`, `${section}.${variant.name.toString()}`);
        summary.errors++;
      }
    }

    for (const constant of pallet.constants) {
      const where = `${section}.${stringCamelCase(constant.name)}`;
      const value = api.consts[section]?.[stringCamelCase(constant.name)];
      assert.ok(value, `api.consts.${where} missing`);
      // Decoding must consume exactly the encoded bytes.
      assert.equal(u8aToHex(value.toU8a()), constant.value.toHex(), `constant ${where} does not round-trip`);
      summary.constants++;
    }
  }

  await Promise.all(plainReads.map(([where, query]) => query().catch((error) => {
    throw new Error(`storage ${where}: reading failed: ${error.message}`);
  })));
  for (const [where, query] of mapReads) {
    await query.entriesPaged({ args: [], pageSize: 3 }).catch((error) => {
      throw new Error(`storage map ${where}: reading entries failed: ${error.message}`);
    });
  }

  // @polkadot/api encodes only the transaction extensions it knows; any other one must carry no
  // data, or every transaction it signs is malformed.
  for (const ext of latest.extrinsic.transactionExtensions) {
    const id = ext.identifier.toString();
    if (allExtensions[id]) continue;
    for (const [what, typeId] of [['explicit', ext.type], ['implicit', ext.implicit]]) {
      const { def } = registry.lookup.getSiType(typeId);
      const empty = (def.isTuple && def.asTuple.length === 0) || (def.isComposite && def.asComposite.fields.length === 0);
      assert.ok(empty, `transaction extension ${id} is unknown to @polkadot/api but has ${what} data`);
    }
  }

  return summary;
}
