"""Property-based and fuzz tests (Hypothesis, fixed seed, bounded examples) and the hostile corpus."""
