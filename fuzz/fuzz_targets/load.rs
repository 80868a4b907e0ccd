//! Any bytes as a dataset file: a lotse file, a frab/pretalx schedule.json, a frab
//! schedule.xml or an iCalendar file, whichever the content looks like. Loading may fail, but
//! only with an error value: never a panic, a hang or a runaway allocation.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lotse::import::from_bytes(data, "fuzz", "fuzz.json");
});
