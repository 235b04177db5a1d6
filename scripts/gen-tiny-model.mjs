// PLACEHOLDER — replaced by the tiny-model generator.
console.log("gen-tiny-model: not yet implemented");
