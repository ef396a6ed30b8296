package nets

// TrainingBytes estimates the memory a training step on batch samples
// takes: the weights with their gradients and up to three optimizer slots,
// and for every sample the outputs of every layer, each held about four
// times (the value, its gradient, and the pre-activation and its
// gradient), in float32.
func (a *Autoencoder) TrainingBytes(batch int) int64 {
	perSample := int64(size(a.plan.spec.Input))
	for _, l := range a.plan.layers() {
		perSample += int64(size(l.out))
	}
	weights := int64(a.params.Count())
	return 4 * (5*weights + 4*int64(batch)*perSample)
}
