// Package baseline holds the linear models an autoencoder is measured
// against, fitted in closed form on the training samples: PCA, the best
// linear code of k values, and FeatureRegression, the least-squares map
// from a few selected features to the whole sample (the baseline of a
// concrete autoencoder). Each reconstructs samples as a net does, so that
// the same scores apply to both; neither touches an autoencoder.
//
//	pca, err := baseline.FitPCA(trainX, 784, 32)
//	if err != nil { ... }
//	recon, err := pca.Reconstruct(testX)
package baseline
