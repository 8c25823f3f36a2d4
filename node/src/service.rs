//! The zg full node, assembled in one sequence: client and database, block import (BABE over GRANDPA),
//! transaction pool, network, RPC, then — for validators — block authoring, authority discovery and the
//! GRANDPA voter, and off-chain workers.

use std::sync::Arc;

use futures::prelude::*;
use sc_client_api::{Backend, BlockBackend};
use sc_consensus_babe::SlotProportion;
use sc_consensus_grandpa as grandpa;
use sc_network::{event::Event, NetworkBackend, NetworkEventStream};
use sc_service::{error::Error as ServiceError, Configuration, TaskManager};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_runtime::traits::Block as BlockT;
use zg_primitives::Block;

use zg_node_storage as storage;
use zg_node_da as da;

/// Host functions the runtime may call: Substrate's, zg's storage functions (erasure coding, shard fetching and
/// proofs over the blob store, for off-chain workers), zg's compute functions (native Groth16 verification), zg's
/// data-availability functions (KZG cell verification), and the benchmarking ones in benchmark builds.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type HostFunctions = (
	sp_io::SubstrateHostFunctions,
	zg_primitives::storage::host::storage_host::HostFunctions,
	zg_primitives::compute::host::zg_compute::HostFunctions,
	zg_primitives::da::host::zg_da::HostFunctions,
	zg_primitives::da::host::zg_da_node::HostFunctions,
);
#[cfg(feature = "runtime-benchmarks")]
pub type HostFunctions = (
	sp_io::SubstrateHostFunctions,
	zg_primitives::storage::host::storage_host::HostFunctions,
	zg_primitives::compute::host::zg_compute::HostFunctions,
	zg_primitives::da::host::zg_da::HostFunctions,
	zg_primitives::da::host::zg_da_node::HostFunctions,
	frame_benchmarking::benchmarking::HostFunctions,
);

pub type RuntimeExecutor = sc_executor::WasmExecutor<HostFunctions>;
pub type FullClient = sc_service::TFullClient<Block, zg_runtime::RuntimeApi, RuntimeExecutor>;
pub type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type FullGrandpaBlockImport =
	grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
type FullBabeBlockImport = sc_consensus_babe::BabeBlockImport<
	Block,
	FullClient,
	FullGrandpaBlockImport,
	SlotInherents,
	FullSelectChain,
>;
pub type TransactionPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// GRANDPA produces a justification at least every this many blocks, so light clients and warp sync have
/// finality proofs to follow.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The inherents of a BABE block: the timestamp and the slot it implies. Block import checks them, the
/// authoring worker creates them.
#[derive(Clone)]
pub struct SlotInherents {
	slot_duration: sp_consensus_babe::SlotDuration,
}

#[async_trait::async_trait]
impl sp_inherents::CreateInherentDataProviders<Block, ()> for SlotInherents {
	type InherentDataProviders =
		(sp_consensus_babe::inherents::InherentDataProvider, sp_timestamp::InherentDataProvider);

	async fn create_inherent_data_providers(
		&self,
		_parent: <Block as BlockT>::Hash,
		_: (),
	) -> Result<Self::InherentDataProviders, Box<dyn std::error::Error + Send + Sync>> {
		let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
		let slot =
			sp_consensus_babe::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
				*timestamp,
				self.slot_duration,
			);
		Ok((slot, timestamp))
	}
}

/// The parts of the node that exist before networking: what `check-block`, `import-blocks` and `revert` need.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	TransactionPool,
	(
		FullBabeBlockImport,
		grandpa::LinkHalf<Block, FullClient, FullSelectChain>,
		sc_consensus_babe::BabeLink<Block>,
		sc_consensus_babe::BabeWorkerHandle<Block>,
		Option<Telemetry>,
	),
>;

/// Where compiled runtimes are cached (`--wasmtime-cache`), set once at start-up.
static WASMTIME_CACHE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Caches compiled runtimes in `dir` for every executor this process builds from now on.
pub fn set_wasmtime_cache(dir: std::path::PathBuf) {
	let _ = WASMTIME_CACHE.set(dir);
}

/// `sc_service::new_wasm_executor`'s executor, with wasmtime's on-disk cache of compiled runtimes when one is set.
fn new_wasm_executor(config: &Configuration) -> RuntimeExecutor {
	wasm_executor(config, WASMTIME_CACHE.get())
}

/// The node's executor for `config`, keeping compiled runtimes in `cache` when given (`zg-node precompile-runtime`
/// builds its executor here too, so that what it compiles is what a node looks up).
pub fn wasm_executor(config: &Configuration, cache: Option<&std::path::PathBuf>) -> RuntimeExecutor {
	let executor = &config.executor;
	let heap = executor.default_heap_pages.map_or(sc_executor::DEFAULT_HEAP_ALLOC_STRATEGY, |pages| {
		sc_executor::HeapAllocStrategy::Static { extra_pages: pages as _ }
	});
	let builder = sc_executor::WasmExecutor::<HostFunctions>::builder()
		.with_execution_method(executor.wasm_method)
		.with_onchain_heap_alloc_strategy(heap)
		.with_offchain_heap_alloc_strategy(heap)
		.with_max_runtime_instances(executor.max_runtime_instances)
		.with_runtime_cache_size(executor.runtime_cache_size);
	match cache {
		Some(dir) => builder.with_cache_path(dir.clone()).build(),
		None => builder.build(),
	}
}

/// Client, database, transaction pool and the BABE/GRANDPA import queue.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = new_wasm_executor(config);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, zg_runtime::RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			Vec::new(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (grandpa_block_import, grandpa_link) = grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&(client.clone() as Arc<_>),
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;
	let justification_import = grandpa_block_import.clone();

	let babe_config = sc_consensus_babe::configuration(&*client)?;
	let slot_duration = babe_config.slot_duration();
	// Block import checks BABE seals and epochs, reports equivocations it sees through the pool, then hands
	// the block to GRANDPA's import (authority-set changes) and the client.
	let (block_import, babe_link) = sc_consensus_babe::block_import(
		babe_config,
		grandpa_block_import,
		client.clone(),
		SlotInherents { slot_duration },
		select_chain.clone(),
		OffchainTransactionPoolFactory::new(transaction_pool.clone()),
	)?;

	let (import_queue, babe_worker_handle) =
		sc_consensus_babe::import_queue(sc_consensus_babe::ImportQueueParams {
			link: babe_link.clone(),
			block_import: block_import.clone(),
			justification_import: Some(Box::new(justification_import)),
			client: client.clone(),
			slot_duration,
			spawner: &task_manager.spawn_essential_handle(),
			registry: config.prometheus_registry(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
		})?;

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		keystore_container,
		select_chain,
		import_queue,
		transaction_pool,
		other: (block_import, grandpa_link, babe_link, babe_worker_handle, telemetry),
	})
}

/// The full node: everything in [`new_partial`] plus networking, RPC, authoring, finality and off-chain workers.
pub fn new_full<N: NetworkBackend<Block, <Block as BlockT>::Hash>>(
	config: Configuration,
	disable_hardware_benchmarks: bool,
	storage_params: crate::cli::StorageParams,
	compute_params: crate::cli::ComputeParams,
	da_params: crate::cli::DaParams,
) -> Result<TaskManager, ServiceError> {
	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();
	let enable_offchain_worker = config.offchain_worker.enabled;

	let hwbench = (!disable_hardware_benchmarks)
		.then(|| {
			config.database.path().map(|database_path| {
				let _ = std::fs::create_dir_all(database_path);
				sc_sysinfo::gather_hwbench(
					Some(database_path),
					&frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE,
				)
			})
		})
		.flatten();

	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, grandpa_link, babe_link, babe_worker_handle, mut telemetry),
	} = new_partial(&config)?;

	let metrics = N::register_notification_metrics(
		config.prometheus_config.as_ref().map(|cfg| &cfg.registry),
	);
	let mut net_config = sc_network::config::FullNetworkConfiguration::<_, _, N>::new(
		&config.network,
		config.prometheus_config.as_ref().map(|cfg| cfg.registry.clone()),
	);
	let peer_store_handle = net_config.peer_store_handle();

	let genesis_hash = client
		.block_hash(0)
		.ok()
		.flatten()
		.ok_or_else(|| ServiceError::Other("the database has no genesis block".into()))?;
	let grandpa_protocol_name = grandpa::protocol_standard_name(&genesis_hash, &config.chain_spec);
	let (grandpa_protocol_config, grandpa_notification_service) =
		grandpa::grandpa_peers_set_config::<_, N>(
			grandpa_protocol_name.clone(),
			metrics.clone(),
			peer_store_handle,
		);
	net_config.add_notification_protocol(grandpa_protocol_config);

	// The storage network: every node keeps a blob store (uploads, downloads, shards) and serves shards to peers
	// over a request-response protocol; providers' off-chain workers drive it through the host functions.
	let blob_path = config.base_path.config_dir(config.chain_spec.id()).join("zg-blobs");
	let blob_store = Arc::new(
		storage::BlobStore::open(&blob_path, storage_params.limits())
			.map_err(|e| ServiceError::Other(format!("blob store at {}: {e}", blob_path.display())))?,
	);
	log::info!(
		"💾 Blob store at {}: {} bytes used, {} reserved by uploads, at most {} ({} for unpaid uploads, {} cache)",
		blob_path.display(),
		blob_store.used(),
		blob_store.staged(),
		blob_store.max(),
		blob_store.limits().max_upload_bytes,
		blob_store.limits().max_cache_bytes,
	);
	let storage_protocol = storage::protocol::protocol_name(&genesis_hash);
	let (storage_protocol_config, storage_requests) = storage::protocol::config::<N>(&genesis_hash);
	net_config.add_request_response_protocol(storage_protocol_config);

	// Data availability: a column store of its own (the storage network's blob store, unchanged, in its own
	// directory: the storage reclaimer never sees DA columns), served with the storage protocol under DA's name.
	let da_path = config.base_path.config_dir(config.chain_spec.id()).join("zg-da");
	let da_store = Arc::new(
		storage::BlobStore::open(&da_path, storage::StoreLimits::new(da_params.da_max_bytes))
			.map_err(|e| ServiceError::Other(format!("DA column store at {}: {e}", da_path.display())))?,
	);
	let da_protocol = storage::protocol::da_protocol_name(&genesis_hash);
	let (da_protocol_config, da_requests) = storage::protocol::config_named::<N>(da_protocol.clone());
	net_config.add_request_response_protocol(da_protocol_config);

	let warp_sync = Arc::new(grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::default(),
	));

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			gap_sync_body_policy: None,
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: Some(sc_service::WarpSyncConfig::WithProvider(warp_sync)),
			block_relay: None,
			metrics,
		})?;

	task_manager.spawn_handle().spawn(
		"zg-storage-server",
		Some("networking"),
		storage::protocol::serve(blob_store.clone(), storage_requests, storage_params.storage_withhold),
	);
	// Frees what the chain no longer needs (shards held by their providers, files gone from the chain).
	task_manager.spawn_handle().spawn(
		"zg-storage-reclaim",
		Some("zg-storage"),
		storage::reclaim::run(client.clone(), sync_service.clone(), keystore_container.keystore(), blob_store.clone()),
	);
	// Discards idle uploads and unpaid files within minutes.
	task_manager.spawn_handle().spawn("zg-storage-prune", Some("zg-storage"), storage::prune::run(blob_store.clone()));
	let spawn_handle = task_manager.spawn_handle();
	let spawner: storage::service::Spawner =
		Arc::new(move |name: &'static str, task: futures::future::BoxFuture<'static, ()>| {
			spawn_handle.spawn(name, Some("zg-storage"), task)
		});
	task_manager.spawn_handle().spawn(
		"zg-da-server",
		Some("networking"),
		storage::protocol::serve(da_store.clone(), da_requests, false),
	);
	task_manager.spawn_handle().spawn(
		"zg-da-prune",
		Some("zg-storage"),
		crate::da_prune::run(client.clone(), da_store.clone(), std::time::Duration::from_secs(da_params.da_prune_grace)),
	);
	let disperser = Arc::new(da::disperse::Disperser::new(blob_store.clone(), da_store.clone()));
	// Encodings, shard fetches and custody fetches that the off-chain workers wait for signal this when they finish;
	// the workers then run again at the best block and send their transaction at once (`storage::wake`).
	let work_done = storage::WorkDone::default();
	let da_service = Arc::new(da::service::DaService::new(
		da_store,
		Arc::new(network.clone()),
		da_protocol,
		spawner.clone(),
	)
	.forgetting(da_params.da_forget)
	.signalling(work_done.clone()));
	let storage_service = Arc::new(
		storage::StorageService::new(
			blob_store,
			Arc::new(network.clone()),
			network.local_peer_id(),
			storage_protocol,
			spawner.clone(),
		)
		.withholding(storage_params.storage_withhold)
		.encoding_ahead(!storage_params.storage_no_encode_ahead)
		.signalling(work_done.clone()),
	);
	if storage_params.storage_withhold {
		log::warn!("--storage-withhold: this node serves no storage data (fault injection for tests)");
	}
	if let Some(addr) = storage_params.storage_http {
		let listener = std::net::TcpListener::bind(addr)
			.and_then(|listener| listener.set_nonblocking(true).map(|()| listener))
			.and_then(tokio::net::TcpListener::from_std)
			.map_err(|e| ServiceError::Other(format!("--storage-http {addr}: {e}")))?;
		let directory =
			Arc::new(zg_rpc::storage::Storage::new(client.clone(), storage_service.clone(), Some(keystore_container.keystore())));
		let limits = storage::http::HttpLimits {
			max_connections: storage_params.storage_http_max_connections,
			..Default::default()
		};
		log::info!("Storage HTTP endpoint on http://{addr}{}0x<root>", storage::http::FILES_PATH);
		task_manager.spawn_handle().spawn(
			"zg-storage-http",
			Some("zg-storage"),
			storage::http::serve(listener, storage_service.clone(), directory, limits),
		);
	}

	let shared_voter_state = grandpa::SharedVoterState::empty();
	let rpc_builder = {
		let storage_service = storage_service.clone();
		let disperser = disperser.clone();
		let da_service = da_service.clone();
		let local_peer = network.local_peer_id().to_bytes();
		let client = client.clone();
		let pool = transaction_pool.clone();
		let select_chain = select_chain.clone();
		let keystore = keystore_container.keystore();
		let justification_stream = grandpa_link.justification_stream();
		let shared_authority_set = grandpa_link.shared_authority_set().clone();
		let shared_voter_state = shared_voter_state.clone();
		let finality_provider = grandpa::FinalityProofProvider::new_for_service(
			backend.clone(),
			Some(shared_authority_set.clone()),
		);

		move |subscription_executor: zg_rpc::SubscriptionTaskExecutor| {
			let deps = zg_rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				select_chain: select_chain.clone(),
				babe: zg_rpc::BabeDeps {
					keystore: keystore.clone(),
					babe_worker_handle: babe_worker_handle.clone(),
				},
				grandpa: zg_rpc::GrandpaDeps {
					shared_voter_state: shared_voter_state.clone(),
					shared_authority_set: shared_authority_set.clone(),
					justification_stream: justification_stream.clone(),
					subscription_executor,
					finality_provider: finality_provider.clone(),
				},
				storage: storage_service.clone(),
				da: disperser.clone(),
				da_service: da_service.clone(),
				local_peer: local_peer.clone(),
			};
			zg_rpc::create_full(deps).map_err(Into::into)
		}
	};

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		config,
		backend: backend.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		network: network.clone(),
		rpc_builder: Box::new(rpc_builder),
		transaction_pool: transaction_pool.clone(),
		task_manager: &mut task_manager,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if let Some(hwbench) = hwbench {
		sc_sysinfo::print_hwbench(&hwbench);
		if let Err(err) =
			frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE.check_hardware(&hwbench, false)
		{
			if role.is_authority() {
				log::warn!("⚠️  This machine does not meet the minimal requirements {err} for a validator.");
			}
		}
	}

	if compute_params.compute_provider {
		// The off-chain worker reads the compute worker's URL from the node's persistent off-chain storage.
		use sp_core::offchain::OffchainStorage;
		let url = compute_params.compute_worker.trim_end_matches('/').to_string();
		if !url.starts_with("http://") {
			return Err(ServiceError::Other(format!("--compute-worker {url}: an http:// URL")));
		}
		let mut offchain = backend
			.offchain_storage()
			.ok_or_else(|| ServiceError::Other("no off-chain storage for --compute-provider".into()))?;
		offchain.set(
			sp_core::offchain::STORAGE_PREFIX,
			zg_primitives::compute::WORKER_URL_KEY,
			&codec::Encode::encode(&url.into_bytes()),
		);
		log::info!("compute provider: jobs go to the worker at {}", compute_params.compute_worker);
		if let Some(gateway) = &compute_params.inference_gateway {
			let gateway = gateway.trim_end_matches('/').to_string();
			if !gateway.starts_with("http://") {
				return Err(ServiceError::Other(format!("--inference-gateway {gateway}: an http:// URL")));
			}
			offchain.set(
				sp_core::offchain::STORAGE_PREFIX,
				zg_primitives::compute::inference::GATEWAY_URL_KEY,
				&codec::Encode::encode(&gateway.clone().into_bytes()),
			);
			log::info!("compute provider: vouchers of the inference gateway at {gateway} are redeemed");
		}
	}

	if enable_offchain_worker {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				is_validator: role.is_authority(),
				enable_http_requests: true,
				// Storage providers' workers reach the blob store and fetch service through the host functions.
				// DA signers' workers reach the column store and custody fetches the same way.
				custom_extensions: move |_| {
					let mut extensions: Vec<Box<dyn sp_externalities::Extension>> = Vec::new();
					if storage_params.storage_provider {
						let host: Arc<dyn zg_primitives::storage::host::BlobHost> = storage_service.clone();
						extensions.push(Box::new(zg_primitives::storage::host::BlobHostExt(host)));
					}
					if da_params.da_signer {
						let node: Arc<dyn zg_primitives::da::host::DaNode> = da_service.clone();
						extensions.push(Box::new(zg_primitives::da::host::DaNodeExt(node)));
					}
					extensions
				},
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-work",
			offchain_workers
				.run(
					Arc::new(storage::wake::Reruns::new(client.clone(), work_done, spawner)),
					task_manager.spawn_handle(),
				)
				.boxed(),
		);
	}

	if role.is_authority() {
		let proposer = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);

		let slot_duration = babe_link.config().slot_duration();
		let babe_config = sc_consensus_babe::BabeParams {
			keystore: keystore_container.keystore(),
			client: client.clone(),
			select_chain,
			env: proposer,
			block_import,
			sync_oracle: sync_service.clone(),
			justification_sync_link: sync_service.clone(),
			create_inherent_data_providers: SlotInherents { slot_duration },
			force_authoring,
			backoff_authoring_blocks: Some(
				sc_consensus_slots::BackoffAuthoringOnFinalizedHeadLagging::default(),
			),
			babe_link,
			block_proposal_slot_portion: SlotProportion::new(0.5),
			max_block_proposal_slot_portion: None,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
		};
		let babe = sc_consensus_babe::start_babe(babe_config)?;
		task_manager.spawn_essential_handle().spawn_blocking(
			"babe-proposer",
			Some("block-authoring"),
			babe,
		);

		// Validators publish their addresses under their authority-discovery key and find each other's.
		let dht_event_stream =
			network.event_stream("authority-discovery").filter_map(|e| async move {
				match e {
					Event::Dht(e) => Some(e),
					_ => None,
				}
			});
		let (authority_discovery_worker, _service) =
			sc_authority_discovery::new_worker_and_service_with_config(
				sc_authority_discovery::WorkerConfig {
					publish_non_global_ips: true,
					..Default::default()
				},
				client.clone(),
				Arc::new(network.clone()),
				Box::pin(dht_event_stream),
				sc_authority_discovery::Role::PublishAndDiscover(keystore_container.keystore()),
				prometheus_registry.clone(),
				task_manager.spawn_handle(),
			);
		task_manager.spawn_handle().spawn(
			"authority-discovery-worker",
			Some("networking"),
			authority_discovery_worker.run(),
		);
	}

	if enable_grandpa {
		// Non-validators need no keys: they follow finality without voting.
		let keystore = role.is_authority().then(|| keystore_container.keystore());
		let grandpa_config = grandpa::Config {
			gossip_duration: std::time::Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			protocol_name: grandpa_protocol_name,
		};
		let grandpa_params = grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: Arc::new(sync_service),
			notification_service: grandpa_notification_service,
			voting_rule: grandpa::VotingRulesBuilder::default().build(),
			prometheus_registry,
			shared_voter_state,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		};
		// The voter is essential: if it fails, the node stops rather than silently not finalizing.
		task_manager.spawn_essential_handle().spawn_blocking(
			"grandpa-voter",
			None,
			grandpa::run_grandpa_voter(grandpa_params)?,
		);
	}

	Ok(task_manager)
}
