package nets_test

import (
	"context"
	"testing"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// TestConcreteAutoencoder: a concrete autoencoder anneals its temperature
// and selects pixels that vary more than the average pixel (the border
// pixels of MNIST never light up). With fewer epochs the temperature falls
// before the logits part, and the selection stays random.
func TestConcreteAutoencoder(t *testing.T) {
	m := loadMNIST(t)
	s, err := nets.Named("concrete")
	if err != nil {
		t.Fatal(err)
	}
	if s, err = s.WithSelect(20); err != nil {
		t.Fatal(err)
	}
	if s, err = s.ForData([]int{1, 28, 28}); err != nil {
		t.Fatal(err)
	}
	s.Seed = 1
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	const n = 3000
	ds := train.Dataset{X: m.Train.Pixels[:n*784], Dim: 784}
	tr, err := train.New(a, train.Config{Epochs: 30, BatchSize: 64, Seed: 1, Optimizer: train.NewAdam(1e-2)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Fit(context.Background(), ds, nil); err != nil {
		t.Fatal(err)
	}
	if temp := a.Params().Data("encoder/concrete0/temperature")[0]; temp > 0.011 {
		t.Errorf("temperature after the last epoch %v, want 0.01", temp)
	}
	sel := a.Selected()
	if len(sel) != 20 {
		t.Fatalf("selected %v", sel)
	}
	variance := make([]float64, 784)
	for j := range variance {
		var sum, sq float64
		for i := 0; i < n; i++ {
			v := float64(ds.X[i*784+j])
			sum += v
			sq += v * v
		}
		variance[j] = sq/n - (sum/n)*(sum/n)
	}
	var all, chosen float64
	for _, v := range variance {
		all += v / 784
	}
	for _, j := range sel {
		chosen += variance[j] / float64(len(sel))
	}
	// 0.12 against 0.067 when written: the selector left the blank border
	if chosen < 1.5*all {
		t.Errorf("selected pixels' mean variance %.4f, all pixels' %.4f: want at least 1.5 times", chosen, all)
	}
	dense, _ := nets.NewDense(nets.Config{})
	if dense.Selected() != nil {
		t.Error("a dense net selects features")
	}
	big, err := s.WithSelect(785)
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Check(); err == nil {
		t.Error("selecting 785 of 784 features: no error")
	}
}
