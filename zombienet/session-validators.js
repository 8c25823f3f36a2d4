// zombienet `js-script` assertion: the number of validators in the current session, read from the node
// named in the .zndsl line. `zombie` (a global set by zombienet) provides `connect(wsUri, types)`.
async function run(nodeName, networkInfo) {
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  try {
    const validators = await api.query.session.validators();
    console.log(`${nodeName}: session validators ${validators.map((v) => v.toString()).join(", ")}`);
    return validators.length;
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
