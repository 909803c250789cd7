//! Runs Hex's Anchor programs, compiled for the host, as native builtins inside
//! Anza's program runtime.
//!
//! The runtime hands a builtin its `InvokeContext`; an Anchor program wants the
//! `(program_id, &[AccountInfo], data)` of the SBF entrypoint. `run_program`
//! serialises the instruction exactly as the SBF loader does, calls the
//! program, and writes the account changes back. Outside SBF, the Solana crates
//! route syscalls (CPI, sysvars, return data, logs) through
//! `solana_sysvar::program_stubs`; `RuntimeStubs` answers them from the current
//! `InvokeContext`, so a CPI from a native program into the SBF Token-2022
//! program (or back into a native one) runs through the real runtime.
//!
//! `msg!` in the Solana 3.x crates prints to stdout when not on SBF, so the
//! chain process redirects its stdout into a pipe (`redirect_program_stdout`)
//! and every line a program prints becomes a `Program log:` entry of the
//! transaction being executed.

pub use {
    solana_account_info::AccountInfo, solana_program_entrypoint::ProcessInstruction,
    solana_program_error::ProgramResult, solana_pubkey::Pubkey,
};

use {
    litesvm::LiteSVM,
    solana_instruction::Instruction,
    solana_program_entrypoint::{deserialize, SUCCESS},
    solana_program_error::ProgramError,
    solana_program_runtime::{
        __private::InstructionError, declare_process_instruction, invoke_context::InvokeContext,
        serialization::serialize_parameters, solana_sbpf::vm::ContextObject, stable_log,
    },
    solana_svm_timings::ExecuteTimings,
    solana_sysvar::program_stubs::{set_syscall_stubs, SyscallStubs},
    solana_transaction_context::BorrowedInstructionAccount,
    std::{
        cell::{Cell, RefCell},
        collections::{BTreeMap, HashSet},
        fs::File,
        io::Read,
        os::fd::{FromRawFd, RawFd},
        panic::AssertUnwindSafe,
        sync::{Mutex, Once, RwLock},
    },
};

thread_local! {
    /// The `InvokeContext` of the instruction being executed on this thread.
    /// Builtins receive it from the runtime; syscall stubs have no argument
    /// to receive it through, so it is parked here for their duration.
    static INVOKE_CONTEXT: Cell<usize> = const { Cell::new(0) };
}

fn invoke_context<'a, 'b>() -> &'a mut InvokeContext<'b, 'b> {
    let address = INVOKE_CONTEXT.with(Cell::get);
    assert!(
        address != 0,
        "a syscall stub ran outside of a native instruction"
    );
    // SAFETY: set by `run_program` from a live `&mut InvokeContext` that
    // outlives every stub call made while the program runs on this thread.
    unsafe { &mut *(address as *mut InvokeContext) }
}

/// The read end of the pipe that fd 1 points to, once redirected.
static PROGRAM_STDOUT: Mutex<Option<File>> = Mutex::new(None);

/// Redirects this process's stdout into a pipe whose lines become program
/// logs, and returns a handle on the original stdout for the caller's own
/// output.
pub fn redirect_program_stdout() -> File {
    let mut fds: [RawFd; 2] = [0; 2];
    // SAFETY: plain POSIX calls on descriptors owned by this function.
    unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0, "pipe() failed");
        // A transaction's logs are capped at 10 KB, far below this buffer.
        libc::fcntl(fds[1], libc::F_SETPIPE_SZ, 1 << 20);
        let flags = libc::fcntl(fds[0], libc::F_GETFL);
        libc::fcntl(fds[0], libc::F_SETFL, flags | libc::O_NONBLOCK);
        let original_stdout = libc::dup(1);
        assert!(original_stdout >= 0, "dup(1) failed");
        assert!(libc::dup2(fds[1], 1) >= 0, "dup2() failed");
        libc::close(fds[1]);
        *PROGRAM_STDOUT.lock().unwrap() = Some(File::from_raw_fd(fds[0]));
        File::from_raw_fd(original_stdout)
    }
}

thread_local! {
    /// A line a program printed only in part so far.
    static PARTIAL_LINE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Moves what programs printed since the last call into the log collector.
fn collect_program_output() {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let mut guard = PROGRAM_STDOUT.lock().unwrap();
    let Some(pipe) = guard.as_mut() else { return };
    let mut printed = Vec::new();
    let mut buffer = [0u8; 4096];
    while let Ok(read) = pipe.read(&mut buffer) {
        if read == 0 {
            break;
        }
        printed.extend_from_slice(&buffer[..read]);
    }
    drop(guard);
    PARTIAL_LINE.with(|partial| {
        let mut partial = partial.borrow_mut();
        partial.extend_from_slice(&printed);
        let Some(last_newline) = partial.iter().rposition(|&b| b == b'\n') else {
            return;
        };
        let complete: Vec<u8> = partial.drain(..=last_newline).collect();
        let log_collector = invoke_context().get_log_collector();
        for line in String::from_utf8_lossy(&complete).lines() {
            stable_log::program_log(&log_collector, line);
        }
    });
}

/// Executes one instruction of a natively compiled program.
pub fn run_program(
    entrypoint: ProcessInstruction,
    invoke_context: &mut InvokeContext,
) -> Result<(), InstructionError> {
    INVOKE_CONTEXT.with(|cell| cell.set(invoke_context as *mut InvokeContext as usize));
    let instruction_context = invoke_context
        .transaction_context
        .get_current_instruction_context()?;
    let program_id = *instruction_context.get_program_key()?;

    let mask_out_rent_epoch = invoke_context
        .get_feature_set()
        .mask_out_rent_epoch_in_vm_serialization;
    // Without a VM there are no memory regions to protect: the plain
    // (non-direct-mapped) layout is what the program reads.
    let (mut parameters, _regions, _accounts_metadata, _instruction_data_offset) =
        serialize_parameters(&instruction_context, false, false, mask_out_rent_epoch)?;
    // SAFETY: `parameters` holds the SBF input layout just serialised above.
    let (_, account_infos, instruction_data) =
        unsafe { deserialize(parameters.as_slice_mut().as_mut_ptr()) };

    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        entrypoint(&program_id, &account_infos, instruction_data)
    }));
    collect_program_output();
    // The runtime logs the invocation and its outcome, as for any program.
    match outcome {
        Ok(Ok(())) => commit_account_infos(invoke_context, &account_infos),
        Ok(Err(program_error)) => Err(InstructionError::from(u64::from(program_error))),
        Err(_panic) => Err(InstructionError::ProgramFailedToComplete),
    }
}

/// Copies an `AccountInfo`'s lamports, data and owner into the runtime's
/// account (the owner last: the runtime lets only the owner change the rest).
fn write_back(
    account: &mut BorrowedInstructionAccount,
    info: &AccountInfo,
) -> Result<(), InstructionError> {
    if account.get_lamports() != info.lamports() {
        account.set_lamports(info.lamports())?;
    }
    let data = info
        .try_borrow_data()
        .map_err(|_| InstructionError::AccountBorrowFailed)?;
    if account.get_data() != &data[..] {
        account.set_data_from_slice(&data)?;
    }
    if account.get_owner() != info.owner {
        account.set_owner(info.owner.as_ref())?;
    }
    Ok(())
}

/// Writes what the program did to its `AccountInfo`s back into the runtime's
/// accounts; the runtime then enforces ownership, rent and size rules.
fn commit_account_infos(
    invoke_context: &mut InvokeContext,
    account_infos: &[AccountInfo],
) -> Result<(), InstructionError> {
    let instruction_context = invoke_context
        .transaction_context
        .get_current_instruction_context()?;
    let mut committed = HashSet::new();
    for index in 0..instruction_context.get_number_of_instruction_accounts() {
        let mut account = instruction_context.try_borrow_instruction_account(index)?;
        if !account.is_writable() || !committed.insert(*account.get_key()) {
            continue;
        }
        let Some(info) = account_infos
            .iter()
            .find(|info| info.key == account.get_key())
        else {
            continue;
        };
        write_back(&mut account, info)?;
    }
    Ok(())
}

/// Copies the caller's view of the CPI's accounts into the runtime before
/// the callee runs, and returns which `AccountInfo`s to refresh afterwards.
fn sync_accounts_into_runtime(
    account_infos: &[AccountInfo],
) -> Result<Vec<(u16, usize)>, InstructionError> {
    let invoke_context = invoke_context();
    let transaction_context = &invoke_context.transaction_context;
    let caller = transaction_context.get_current_instruction_context()?;
    let callee = transaction_context.get_next_instruction_context()?;
    let mut writable = Vec::new();
    for instruction_account in callee.instruction_accounts() {
        let key = transaction_context
            .get_key_of_account_at_index(instruction_account.index_in_transaction)?;
        let info_index = account_infos
            .iter()
            .position(|info| info.key == key)
            .ok_or(InstructionError::MissingAccount)?;
        let info = &account_infos[info_index];
        let index_in_caller =
            caller.get_index_of_account_in_instruction(instruction_account.index_in_transaction)?;
        let mut account = caller.try_borrow_instruction_account(index_in_caller)?;
        write_back(&mut account, info)?;
        if instruction_account.is_writable() {
            writable.push((instruction_account.index_in_transaction, info_index));
        }
    }
    Ok(writable)
}

/// Copies what the callee of a CPI did back into the caller's `AccountInfo`s.
fn sync_accounts_from_runtime(
    writable: Vec<(u16, usize)>,
    account_infos: &[AccountInfo],
) -> Result<(), ProgramError> {
    let invoke_context = invoke_context();
    let caller = invoke_context
        .transaction_context
        .get_current_instruction_context()
        .map_err(|_| ProgramError::InvalidAccountData)?;
    for (index_in_transaction, info_index) in writable {
        let index_in_caller = caller
            .get_index_of_account_in_instruction(index_in_transaction)
            .map_err(|_| ProgramError::NotEnoughAccountKeys)?;
        let account = caller
            .try_borrow_instruction_account(index_in_caller)
            .map_err(|_| ProgramError::AccountBorrowFailed)?;
        let info = &account_infos[info_index];
        **info.try_borrow_mut_lamports()? = account.get_lamports();
        if info.owner != account.get_owner() {
            info.assign(account.get_owner());
        }
        if info.data_len() != account.get_data().len() {
            info.resize(account.get_data().len())?;
        }
        info.try_borrow_mut_data()?
            .copy_from_slice(account.get_data());
    }
    Ok(())
}

fn copy_sysvar<T: Clone>(sysvar: Result<std::sync::Arc<T>, InstructionError>, out: *mut u8) -> u64 {
    match sysvar {
        Ok(value) => {
            // SAFETY: the caller passes storage for exactly one `T`.
            unsafe { (out as *mut T).write(T::clone(&value)) };
            SUCCESS
        }
        Err(_) => solana_program_error::UNSUPPORTED_SYSVAR,
    }
}

struct RuntimeStubs;

impl SyscallStubs for RuntimeStubs {
    fn sol_log(&self, message: &str) {
        stable_log::program_log(&invoke_context().get_log_collector(), message);
    }

    fn sol_log_data(&self, fields: &[&[u8]]) {
        stable_log::program_data(&invoke_context().get_log_collector(), fields);
    }

    fn sol_log_compute_units(&self) {
        let remaining = self.sol_remaining_compute_units();
        self.sol_log(&format!("Program consumption: {remaining} units remaining"));
    }

    fn sol_remaining_compute_units(&self) -> u64 {
        invoke_context().get_remaining()
    }

    fn sol_invoke_signed(
        &self,
        instruction: &Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        collect_program_output();
        let context = invoke_context();
        let caller = context
            .transaction_context
            .get_current_instruction_context()
            .and_then(|ctx| ctx.get_program_key().copied())
            .map_err(|_| ProgramError::InvalidArgument)?;
        let signers = signers_seeds
            .iter()
            .map(|seeds| Pubkey::create_program_address(seeds, &caller))
            .collect::<Result<Vec<_>, _>>()?;
        context
            .prepare_next_instruction(instruction.clone(), &signers)
            .map_err(program_error)?;
        let writable = sync_accounts_into_runtime(account_infos).map_err(program_error)?;
        let mut units = 0;
        invoke_context()
            .process_instruction(&mut units, &mut ExecuteTimings::default())
            .map_err(program_error)?;
        sync_accounts_from_runtime(writable, account_infos)
    }

    fn sol_get_clock_sysvar(&self, out: *mut u8) -> u64 {
        copy_sysvar(invoke_context().get_sysvar_cache().get_clock(), out)
    }

    fn sol_get_epoch_schedule_sysvar(&self, out: *mut u8) -> u64 {
        copy_sysvar(
            invoke_context().get_sysvar_cache().get_epoch_schedule(),
            out,
        )
    }

    fn sol_get_epoch_rewards_sysvar(&self, out: *mut u8) -> u64 {
        copy_sysvar(invoke_context().get_sysvar_cache().get_epoch_rewards(), out)
    }

    fn sol_get_rent_sysvar(&self, out: *mut u8) -> u64 {
        copy_sysvar(invoke_context().get_sysvar_cache().get_rent(), out)
    }

    fn sol_get_last_restart_slot(&self, out: *mut u8) -> u64 {
        copy_sysvar(
            invoke_context().get_sysvar_cache().get_last_restart_slot(),
            out,
        )
    }

    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        let (program_id, data) = invoke_context().transaction_context.get_return_data();
        Some((*program_id, data.to_vec()))
    }

    fn sol_set_return_data(&self, data: &[u8]) {
        let context = invoke_context();
        let program_id = context
            .transaction_context
            .get_current_instruction_context()
            .and_then(|ctx| ctx.get_program_key().copied())
            .expect("return data set outside of an instruction");
        context
            .transaction_context
            .set_return_data(program_id, data.to_vec())
            .expect("return data too long");
    }

    fn sol_get_stack_height(&self) -> u64 {
        invoke_context().get_stack_height() as u64
    }
}

/// The callee's failure, as the caller's program sees it.
fn program_error(error: InstructionError) -> ProgramError {
    ProgramError::try_from(error).unwrap_or(ProgramError::InvalidArgument)
}

/// Natively compiled programs by program id; one builtin serves them all.
static PROGRAMS: RwLock<BTreeMap<Pubkey, ProcessInstruction>> = RwLock::new(BTreeMap::new());

// Native code has no instruction meter: each invocation is charged a flat
// unit, which the runtime requires of every builtin.
declare_process_instruction!(NativeProgram, 1, |invoke_context| {
    let program_id = *invoke_context
        .transaction_context
        .get_current_instruction_context()?
        .get_program_key()?;
    let entrypoint = *PROGRAMS
        .read()
        .unwrap()
        .get(&program_id)
        .ok_or(InstructionError::UnsupportedProgramId)?;
    run_program(entrypoint, invoke_context)
});

/// Registers a natively compiled program at `program_id` (see
/// [`anchor_entrypoint!`]), and once per process the syscall stubs that
/// connect native programs to the runtime.
pub fn add_native_program(svm: &mut LiteSVM, program_id: Pubkey, entrypoint: ProcessInstruction) {
    static STUBS: Once = Once::new();
    STUBS.call_once(|| {
        set_syscall_stubs(Box::new(RuntimeStubs));
    });
    PROGRAMS.write().unwrap().insert(program_id, entrypoint);
    svm.add_builtin(program_id, NativeProgram::vm);
}

/// The `entry` function of an Anchor program crate as a runtime entrypoint.
/// Anchor's `entry` ties all its borrows to one lifetime; the runtime's
/// entrypoint type is the same function with independent lifetimes.
#[macro_export]
macro_rules! anchor_entrypoint {
    ($program:path) => {{
        use $program as program;
        // SAFETY: identical ABI; only the lifetime bounds differ.
        unsafe {
            ::std::mem::transmute::<
                for<'info> fn(
                    &'info $crate::Pubkey,
                    &'info [$crate::AccountInfo<'info>],
                    &'info [u8],
                ) -> $crate::ProgramResult,
                $crate::ProcessInstruction,
            >(program::entry)
        }
    }};
}
