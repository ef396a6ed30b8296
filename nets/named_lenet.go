package nets

import "github.com/go-autoencoders/ae/graph"

// lenetMNIST is the MNIST_LeNet_Autoencoder of the Deep SVDD reference
// code (lukasruff/Deep-SVDD-PyTorch): every convolution and the code layer
// bias-free, batch norm without affine (epsilon 1e-4) followed by leaky
// relu (slope 0.01, PyTorch's), 2×2 max pooling, a 32-unit linear code.
// The decoder mirrors it: the code as 2×4×4, nearest upsampling by 2 and
// 5×5 convolutions. The reference's second transposed convolution
// (padding 3, 16×16 to 14×14) is a 'valid' 3×3 convolution here, the one
// place where the shapes differ from a same-padded 5×5; its stride-1
// transposed 5×5 convolutions with padding 2 are 'same' 5×5 convolutions.
func lenetMNIST() Spec {
	lrelu := graph.LeakyReLU01
	bn := func() Layer { return BatchNorm().NoAffine(1e-4).WithActivation(lrelu) }
	return Spec{
		Encoder: []Layer{
			Conv(8, 5, graph.Linear).NoBias(), bn(), MaxPool(2),
			Conv(4, 5, graph.Linear).NoBias(), bn(), MaxPool(2),
			Flatten(), Dense(32, graph.Linear).NoBias(),
		},
		Decoder: []Layer{
			Reshape(2, 4, 4), UpSample(2),
			Conv(4, 5, graph.Linear).NoBias(), bn(), UpSample(2),
			Conv(8, 3, graph.Linear).NoBias().Valid(), bn(), UpSample(2),
			Conv(0, 5, graph.Sigmoid).NoBias(),
		},
		Output: "sigmoid", Loss: graph.MSE, Epochs: 150, Batch: 200, LearningRate: 1e-4,
	}
}
