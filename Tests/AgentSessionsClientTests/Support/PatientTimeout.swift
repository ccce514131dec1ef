/// The timeout of client calls in tests that are not about timeouts.
///
/// A full parallel test run on two cores keeps Swift's cooperative pool busy for tens of
/// seconds at a time; a request to an in-process server waits for that pool, and CI saw one
/// exceed the 30-second default. These tests check behaviour, not speed, so they allow ten
/// minutes (each suite's time limit still catches a hang).
let patientTimeout: Duration = .seconds(600)
