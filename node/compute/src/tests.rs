use crate::{circuit::DigitsCircuit, data, keys, matmul, model::*, train};
use ark_bn254::Fr;
use ark_relations::r1cs::{ConstraintSynthesizer, ConstraintSystem};
use zg_primitives::compute::{groth16, public_inputs, shipped, ProofSystem, VerifyError};

/// Rewrites the shipped artifacts when `ZG_WRITE_ARTIFACTS=1` (after a deliberate change to the model, the
/// trainer or the circuit); otherwise checks them.
fn artifact(name: &str, made: &[u8], committed: &[u8]) {
	if std::env::var("ZG_WRITE_ARTIFACTS").as_deref() == Ok("1") {
		let path = format!("{}/../../primitives/res/{name}", env!("CARGO_MANIFEST_DIR"));
		std::fs::write(&path, made).unwrap();
		return;
	}
	assert!(made == committed, "{name} differs from what the repo makes; run with ZG_WRITE_ARTIFACTS=1 if intended");
}

#[test]
fn the_shipped_model_is_what_the_trainer_makes_and_classifies_unseen_digits() {
	let model = train::train_shipped();
	artifact("digits-model.bin", &model.encode(), shipped::DIGITS_MODEL);
	let unseen = data::dataset(99, 1000);
	let accuracy = train::accuracy_permille(&model, &unseen);
	assert!(accuracy >= 900, "accuracy {accuracy}‰ on unseen digits");
	// Training is deterministic: the same bytes again.
	assert_eq!(train::train_shipped(), model);
}

#[test]
fn model_bytes_round_trip_and_bad_models_are_refused() {
	let model = shipped();
	assert_eq!(Mlp::decode(&model.encode()), Ok(model.clone()));
	assert_eq!(Mlp::decode(&model.encode()[1..]), Err(ModelError::Format));
	let mut bad = model.clone();
	bad.b1[0] = B1_BOUND as i32;
	assert_eq!(Mlp::decode(&bad.encode()), Err(ModelError::Bounds));
}

#[test]
fn the_circuit_is_satisfied_exactly_by_the_true_class() {
	let model = shipped();
	let samples = data::dataset(5, 10);
	let cs = ConstraintSystem::<Fr>::new_ref();
	DigitsCircuit { model: model.clone(), job: 7, input: samples[3].pixels }.generate_constraints(cs.clone()).unwrap();
	assert!(cs.is_satisfied().unwrap());
	assert!(cs.num_constraints() < 4_000, "{} constraints", cs.num_constraints());
	assert_eq!(cs.num_instance_variables(), 1 + 7, "one, job, 3 input, 2 model, 1 output");
	// Extreme inputs stay within the range checks (no honest input is unprovable).
	for input in [[255u8; INPUTS], [0u8; INPUTS]] {
		let cs = ConstraintSystem::<Fr>::new_ref();
		DigitsCircuit { model: model.clone(), job: u64::MAX, input }.generate_constraints(cs.clone()).unwrap();
		assert!(cs.is_satisfied().unwrap());
	}
}

#[test]
fn dev_keys_prove_the_class_and_nothing_else() {
	let model = shipped();
	let keys = keys::dev_setup(&model).unwrap();
	artifact("digits-dev.vk", &keys.verifying, shipped::DIGITS_DEV_VK);
	let input = data::dataset(11, 10)[4].pixels;
	let (class, proof) = keys.prove(&model, 42, &input).unwrap();
	assert_eq!(class, 4);
	let vk = &keys.verifying;
	let commitment = model.commitment();
	let sys = ProofSystem::Groth16Bn254;
	assert_eq!(groth16::verify(sys, vk, &proof, &public_inputs(42, &input, &commitment, &[class])), Ok(()));
	let wrong_class = (class + 1) % 10;
	for (what, inputs) in [
		("another class", public_inputs(42, &input, &commitment, &[wrong_class])),
		("another job", public_inputs(43, &input, &commitment, &[class])),
		("another input", public_inputs(42, &data::dataset(12, 1)[0].pixels, &commitment, &[class])),
		("another model", public_inputs(42, &input, &sp_core::H256::repeat_byte(1), &[class])),
	] {
		assert_eq!(groth16::verify(sys, vk, &proof, &inputs), Err(VerifyError::Invalid), "{what}");
	}
	// Keys survive a round trip through the worker's key file.
	let again = keys::Keys::from_proving_bytes(&keys.proving_bytes()).unwrap();
	assert_eq!(&again.verifying, vk);
}

/// The benchmark proofs verify (they are random, so they are only rewritten when asked or when they fail).
#[test]
fn the_benchmark_proofs_prove_their_jobs() {
	use codec::{Decode, Encode};
	type Fixture = Vec<(u64, [u8; INPUTS], u8, Vec<u8>)>;
	let model = shipped();
	let check = |fixture: &Fixture| {
		fixture.len() == 64 &&
			fixture.iter().enumerate().all(|(i, (job, input, class, proof))| {
				*job == i as u64 &&
					groth16::verify(
						ProofSystem::Groth16Bn254,
						shipped::DIGITS_DEV_VK,
						proof,
						&public_inputs(*job, input, &model.commitment(), &[*class]),
					)
					.is_ok()
			})
	};
	let committed = Fixture::decode(&mut &shipped::DIGITS_BENCH_PROOFS[..]).unwrap_or_default();
	if std::env::var("ZG_WRITE_ARTIFACTS").as_deref() == Ok("1") && !check(&committed) {
		let keys = keys::dev_setup(&model).unwrap();
		let input = data::dataset(11, 1)[0].pixels;
		let fixture: Fixture = (0..64u64)
			.map(|job| {
				let (class, proof) = keys.prove(&model, job, &input).unwrap();
				(job, input, class, proof)
			})
			.collect();
		artifact("digits-bench-proofs.scale", &fixture.encode(), &[]);
		return;
	}
	assert!(check(&committed), "the benchmark proofs do not verify; run with ZG_WRITE_ARTIFACTS=1");
}

#[test]
fn matmul_is_exact_and_refuses_bad_shapes() {
	let a = [1i8, -2, 3, 4, -128, 127];
	let b = [5i8, 6, -7, 8, 9, 10];
	let input = matmul::encode(2, 3, 2, &a, &b);
	let c: Vec<i32> = matmul::multiply(&input)
		.unwrap()
		.chunks(4)
		.map(|c| i32::from_le_bytes(c.try_into().unwrap()))
		.collect();
	assert_eq!(c, vec![1 * 5 + -2 * -7 + 3 * 9, 1 * 6 + -2 * 8 + 3 * 10, 4 * 5 + -128 * -7 + 127 * 9, 4 * 6 + -128 * 8 + 127 * 10]);
	assert_eq!(matmul::multiply(&input[1..]), Err(matmul::MatmulError::Format));
	assert_eq!(matmul::multiply(&matmul::encode(0, 3, 2, &[], &b)), Err(matmul::MatmulError::Format));
}

#[test]
fn datasets_round_trip_and_refuse_bad_bytes() {
	let samples = data::dataset(3, 20);
	assert_eq!(data::decode(&data::encode(&samples)), Ok(samples.clone()));
	assert_eq!(data::decode(&[]), Err(data::DataError::Length));
	let mut bytes = data::encode(&samples);
	bytes[0] = 10;
	assert_eq!(data::decode(&bytes), Err(data::DataError::Label));
}

mod worker_tests {
	use super::*;
	use crate::worker::{run, Config, Worker};
	use sp_core::{ed25519, Pair, H256};
	use std::sync::Arc;
	use zg_primitives::compute::{attestation_message, WorkInput, WorkKind, WorkRequest, WorkStatus};

	fn config(tamper: bool) -> Config {
		let model = shipped();
		let keys = Arc::new(keys::dev_setup(&model).unwrap());
		Config { attestation: ed25519::Pair::from_seed(&[9; 32]), model, keys, node_rpc: None, gpu: None, tamper }
	}

	fn request(job: u64, name: &str, proven: bool, input: Vec<u8>) -> WorkRequest {
		WorkRequest {
			genesis: H256::repeat_byte(3),
			job,
			kind: WorkKind { id: 1, name: name.as_bytes().to_vec(), model: shipped().commitment(), proven },
			input: WorkInput::Inline(input),
		}
	}

	#[test]
	fn the_worker_proves_digits_multiplies_and_signs_what_it_returns() {
		let config = config(false);
		let image = data::dataset(8, 10)[6].pixels;
		let result = run(&config, &request(5, "digits-mlp", true, image.to_vec())).unwrap();
		assert_eq!(result.output, vec![shipped().classify(&image)]);
		let inputs = public_inputs(5, &image, &shipped().commitment(), &result.output);
		assert_eq!(groth16::verify(ProofSystem::Groth16Bn254, shipped::DIGITS_DEV_VK, &result.proof.unwrap(), &inputs), Ok(()));
		let message = attestation_message(&H256::repeat_byte(3), 5, &image, &result.output);
		assert!(ed25519::Pair::verify(&ed25519::Signature::from_raw(result.signature), message, &config.attestation.public()));

		let input = matmul::encode(2, 2, 2, &[1, 2, 3, 4], &[5, 6, 7, 8]);
		let result = run(&config, &request(6, "matmul-i8", false, input.clone())).unwrap();
		assert_eq!(result.output, sp_crypto_hashing::blake2_256(&matmul::multiply(&input).unwrap()).to_vec());
		assert!(result.proof.is_none());
		assert_eq!(result.device, b"cpu".to_vec());

		// A tampering worker signs a wrong output (fault injection for the dispute tests).
		let tampered = run(&super::worker_tests::config(true), &request(6, "matmul-i8", false, input)).unwrap();
		assert_ne!(tampered.output, result.output);
	}

	#[test]
	fn the_worker_refuses_what_it_cannot_run() {
		let config = config(false);
		assert!(run(&config, &request(1, "digits-mlp", true, vec![0; 63])).unwrap_err().contains("64 bytes"));
		assert!(run(&config, &request(1, "nope", false, vec![])).unwrap_err().contains("unknown job kind"));
		assert!(run(&config, &request(1, "matmul-i8", false, vec![1, 2])).is_err());
		let mut other_model = request(1, "digits-mlp", true, vec![0; 64]);
		other_model.kind.model = H256::repeat_byte(1);
		assert!(run(&config, &other_model).unwrap_err().contains("model"));
		let mut stored = request(1, "train-digits", false, vec![]);
		stored.input = WorkInput::Stored(H256::repeat_byte(2));
		assert!(run(&config, &stored).unwrap_err().contains("--node-rpc"));
	}

	#[test]
	fn requests_are_idempotent_and_end_done() {
		let worker = Worker::start(config(false), 1);
		let req = request(7, "matmul-i8", false, matmul::encode(1, 1, 1, &[3], &[4]));
		assert_eq!(worker.request(req.clone()), Some(WorkStatus::Queued));
		let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
		loop {
			match worker.request(req.clone()).unwrap() {
				WorkStatus::Done(result) => {
					assert_eq!(result.output, sp_crypto_hashing::blake2_256(&12i32.to_le_bytes()).to_vec());
					break;
				},
				WorkStatus::Failed(why) => panic!("{}", String::from_utf8_lossy(&why)),
				_ => assert!(std::time::Instant::now() < deadline, "the job never finished"),
			}
			std::thread::sleep(std::time::Duration::from_millis(20));
		}
		// Garbage over HTTP is a 400, not a crash.
		let reply = worker.serve(crate::http::Request { method: "POST".into(), path: "/work".into(), headers: vec![], body: vec![1, 2, 3] });
		assert_eq!(reply.code, 400);
		let reply = worker.serve(crate::http::Request { method: "GET".into(), path: "/work".into(), headers: vec![], body: vec![] });
		assert_eq!(reply.code, 405);
	}
}
