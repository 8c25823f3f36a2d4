//! The GPU path of the `matmul-i8` kind: the CUDA driver API loaded at run time (`libcuda.so.1`), so the worker
//! builds and runs where no CUDA toolkit is installed and uses a GPU wherever a driver is. The kernel is PTX
//! text (JIT-compiled by the driver for whatever GPU it finds): one thread per output element, int8 loads
//! sign-extended, exact int32 multiply-adds — the same bits as [`crate::matmul::multiply`] on the CPU, so a
//! dispute by re-execution on either is decidable.

use crate::matmul;
use libloading::{Library, Symbol};
use std::{
	ffi::{c_char, c_int, c_uint, c_void, CString},
	sync::Mutex,
};

type CuResult = c_int;
type CuDevice = c_int;
type CuContext = *mut c_void;
type CuModule = *mut c_void;
type CuFunction = *mut c_void;
type CuDevicePtr = u64;

const PTX: &str = r#"
.version 6.0
.target sm_50
.address_size 64

.visible .entry matmul_i8(
	.param .u64 pa, .param .u64 pb, .param .u64 pc,
	.param .u32 pn, .param .u32 pk, .param .u32 pm)
{
	.reg .pred %p<4>;
	.reg .b32 %r<16>;
	.reg .b64 %rd<16>;

	ld.param.u64 %rd1, [pa];
	ld.param.u64 %rd2, [pb];
	ld.param.u64 %rd3, [pc];
	ld.param.u32 %r1, [pn];
	ld.param.u32 %r2, [pk];
	ld.param.u32 %r3, [pm];
	cvta.to.global.u64 %rd1, %rd1;
	cvta.to.global.u64 %rd2, %rd2;
	cvta.to.global.u64 %rd3, %rd3;
	mov.u32 %r4, %ctaid.x;
	mov.u32 %r5, %ntid.x;
	mov.u32 %r6, %tid.x;
	mad.lo.s32 %r7, %r4, %r5, %r6;
	mov.u32 %r8, %ctaid.y;
	setp.ge.u32 %p1, %r7, %r3;
	setp.ge.u32 %p2, %r8, %r1;
	or.pred %p3, %p1, %p2;
	@%p3 bra DONE;
	mov.u32 %r9, 0;
	mov.u32 %r10, 0;
	mul.wide.u32 %rd4, %r8, %r2;
	add.s64 %rd5, %rd1, %rd4;
	cvt.u64.u32 %rd6, %r7;
	add.s64 %rd7, %rd2, %rd6;
	cvt.u64.u32 %rd8, %r3;
LOOP:
	setp.ge.u32 %p1, %r10, %r2;
	@%p1 bra END;
	ld.global.s8 %r11, [%rd5];
	ld.global.s8 %r12, [%rd7];
	mad.lo.s32 %r9, %r11, %r12, %r9;
	add.s64 %rd5, %rd5, 1;
	add.s64 %rd7, %rd7, %rd8;
	add.u32 %r10, %r10, 1;
	bra LOOP;
END:
	mul.wide.u32 %rd9, %r8, %r3;
	add.s64 %rd9, %rd9, %rd6;
	shl.b64 %rd9, %rd9, 2;
	add.s64 %rd10, %rd3, %rd9;
	st.global.u32 [%rd10], %r9;
DONE:
	ret;
}
"#;

struct State {
	context: CuContext,
	function: CuFunction,
}

// The context and function handles are used only under the mutex, after making the context current.
unsafe impl Send for State {}

/// A GPU found through the CUDA driver.
pub struct Gpu {
	library: Library,
	name: String,
	state: Mutex<State>,
}

fn check(what: &str, result: CuResult) -> Result<(), String> {
	if result == 0 {
		Ok(())
	} else {
		Err(format!("{what} failed with CUDA error {result}"))
	}
}

impl Gpu {
	/// The first GPU of the CUDA driver, with the kernel loaded; `Err` says why not (no driver, no device, a
	/// driver too old for the PTX).
	pub fn detect() -> Result<Gpu, String> {
		// SAFETY: loading the system's CUDA driver library runs its initialisers, as any CUDA program does.
		let library = unsafe { Library::new("libcuda.so.1").or_else(|_| Library::new("libcuda.so")) }
			.map_err(|e| format!("no CUDA driver: {e}"))?;
		// SAFETY: the signatures are those of the CUDA driver API (cuda.h).
		unsafe {
			let init: Symbol<unsafe extern "C" fn(c_uint) -> CuResult> = sym(&library, b"cuInit\0")?;
			check("cuInit", init(0))?;
			let count_fn: Symbol<unsafe extern "C" fn(*mut c_int) -> CuResult> =
				sym(&library, b"cuDeviceGetCount\0")?;
			let mut count = 0;
			check("cuDeviceGetCount", count_fn(&mut count))?;
			if count == 0 {
				return Err("the CUDA driver sees no GPU".into());
			}
			let get: Symbol<unsafe extern "C" fn(*mut CuDevice, c_int) -> CuResult> =
				sym(&library, b"cuDeviceGet\0")?;
			let mut device = 0;
			check("cuDeviceGet", get(&mut device, 0))?;
			let name_fn: Symbol<unsafe extern "C" fn(*mut c_char, c_int, CuDevice) -> CuResult> =
				sym(&library, b"cuDeviceGetName\0")?;
			let mut name = [0 as c_char; 128];
			check("cuDeviceGetName", name_fn(name.as_mut_ptr(), name.len() as c_int, device))?;
			let name = std::ffi::CStr::from_ptr(name.as_ptr()).to_string_lossy().into_owned();
			let create: Symbol<unsafe extern "C" fn(*mut CuContext, c_uint, CuDevice) -> CuResult> =
				sym(&library, b"cuCtxCreate_v2\0")?;
			let mut context = std::ptr::null_mut();
			check("cuCtxCreate", create(&mut context, 0, device))?;
			let load: Symbol<unsafe extern "C" fn(*mut CuModule, *const c_void) -> CuResult> =
				sym(&library, b"cuModuleLoadData\0")?;
			let ptx = CString::new(PTX).expect("no NUL in the PTX");
			let mut module = std::ptr::null_mut();
			check("cuModuleLoadData", load(&mut module, ptx.as_ptr() as *const c_void))?;
			let get_fn: Symbol<unsafe extern "C" fn(*mut CuFunction, CuModule, *const c_char) -> CuResult> =
				sym(&library, b"cuModuleGetFunction\0")?;
			let mut function = std::ptr::null_mut();
			check("cuModuleGetFunction", get_fn(&mut function, module, b"matmul_i8\0".as_ptr() as *const c_char))?;
			Ok(Gpu { library, name, state: Mutex::new(State { context, function }) })
		}
	}

	/// The GPU's name, as the driver gives it.
	pub fn name(&self) -> String {
		format!("cuda:{}", self.name)
	}

	/// `C = A·B` of a `matmul-i8` input on the GPU, as output bytes (little-endian i32, row-major).
	pub fn matmul_i8(&self, input: &[u8]) -> Result<Vec<u8>, String> {
		let mm = matmul::parse(input).map_err(|e| format!("{e:?}"))?;
		let state = self.state.lock().map_err(|_| "GPU lock poisoned")?;
		let lib = &self.library;
		// SAFETY: CUDA driver API calls with buffers of the sizes allocated; every allocation is freed.
		unsafe {
			let set: Symbol<unsafe extern "C" fn(CuContext) -> CuResult> = sym(lib, b"cuCtxSetCurrent\0")?;
			check("cuCtxSetCurrent", set(state.context))?;
			let alloc: Symbol<unsafe extern "C" fn(*mut CuDevicePtr, usize) -> CuResult> =
				sym(lib, b"cuMemAlloc_v2\0")?;
			let free: Symbol<unsafe extern "C" fn(CuDevicePtr) -> CuResult> = sym(lib, b"cuMemFree_v2\0")?;
			let htod: Symbol<unsafe extern "C" fn(CuDevicePtr, *const c_void, usize) -> CuResult> =
				sym(lib, b"cuMemcpyHtoD_v2\0")?;
			let dtoh: Symbol<unsafe extern "C" fn(*mut c_void, CuDevicePtr, usize) -> CuResult> =
				sym(lib, b"cuMemcpyDtoH_v2\0")?;
			let launch: Symbol<
				unsafe extern "C" fn(
					CuFunction,
					c_uint,
					c_uint,
					c_uint,
					c_uint,
					c_uint,
					c_uint,
					c_uint,
					*mut c_void,
					*mut *mut c_void,
					*mut *mut c_void,
				) -> CuResult,
			> = sym(lib, b"cuLaunchKernel\0")?;
			let sync: Symbol<unsafe extern "C" fn() -> CuResult> = sym(lib, b"cuCtxSynchronize\0")?;

			let c_len = mm.n * mm.m * 4;
			let mut buffers = [0u64; 3];
			let sizes = [mm.a.len(), mm.b.len(), c_len];
			let mut result = Ok(());
			for (buffer, size) in buffers.iter_mut().zip(sizes) {
				result = result.and_then(|_| check("cuMemAlloc", alloc(buffer, size)));
			}
			let mut out = vec![0u8; c_len];
			if result.is_ok() {
				result = check("cuMemcpyHtoD", htod(buffers[0], mm.a.as_ptr() as *const c_void, mm.a.len()))
					.and_then(|_| check("cuMemcpyHtoD", htod(buffers[1], mm.b.as_ptr() as *const c_void, mm.b.len())))
					.and_then(|_| {
						let (mut pa, mut pb, mut pc) = (buffers[0], buffers[1], buffers[2]);
						let (mut n, mut k, mut m) = (mm.n as u32, mm.k as u32, mm.m as u32);
						let mut params: [*mut c_void; 6] = [
							&mut pa as *mut _ as *mut c_void,
							&mut pb as *mut _ as *mut c_void,
							&mut pc as *mut _ as *mut c_void,
							&mut n as *mut _ as *mut c_void,
							&mut k as *mut _ as *mut c_void,
							&mut m as *mut _ as *mut c_void,
						];
						let block = 128u32;
						let grid_x = (mm.m as u32).div_ceil(block);
						check(
							"cuLaunchKernel",
							launch(
								state.function,
								grid_x,
								mm.n as u32,
								1,
								block,
								1,
								1,
								0,
								std::ptr::null_mut(),
								params.as_mut_ptr(),
								std::ptr::null_mut(),
							),
						)
					})
					.and_then(|_| check("cuCtxSynchronize", sync()))
					.and_then(|_| check("cuMemcpyDtoH", dtoh(out.as_mut_ptr() as *mut c_void, buffers[2], c_len)));
			}
			for buffer in buffers.into_iter().filter(|b| *b != 0) {
				let _ = free(buffer);
			}
			result.map(|_| out)
		}
	}
}

unsafe fn sym<'a, T>(library: &'a Library, name: &[u8]) -> Result<Symbol<'a, T>, String> {
	// SAFETY: the caller gives the symbol's true type.
	unsafe { library.get(name) }.map_err(|e| format!("{}: {e}", String::from_utf8_lossy(&name[..name.len() - 1])))
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Where a GPU and driver are present (`ZG_REQUIRE_GPU=1` on the device machine), the GPU's products equal
	/// the CPU's bit for bit; elsewhere detection fails with a reason and the worker uses the CPU.
	#[test]
	fn the_gpu_computes_the_cpus_bits_or_is_reported_absent() {
		match Gpu::detect() {
			Ok(gpu) => {
				let mut rng = crate::data::Rng(5);
				for (n, k, m) in [(1, 1, 1), (3, 5, 7), (64, 300, 129), (17, 4096, 3)] {
					let a: Vec<i8> = (0..n * k).map(|_| rng.next_u64() as i8).collect();
					let b: Vec<i8> = (0..k * m).map(|_| rng.next_u64() as i8).collect();
					let input = matmul::encode(n as u16, k as u16, m as u16, &a, &b);
					assert_eq!(gpu.matmul_i8(&input).unwrap(), matmul::multiply(&input).unwrap(), "{n}×{k}×{m}");
				}
				println!("GPU {} matches the CPU", gpu.name());
			},
			Err(why) => {
				assert!(std::env::var("ZG_REQUIRE_GPU").is_err(), "a GPU was required: {why}");
				assert!(!why.is_empty());
			},
		}
	}
}
