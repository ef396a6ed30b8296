package viz

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/go-autoencoders/ae/graph/safetensors"
)

func colorRGBA(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 255} }

// EncodePNG returns img as PNG bytes.
func EncodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("viz: encoding PNG: %w", err)
	}
	return b.Bytes(), nil
}

// SavePNG writes img to path as a PNG, readable by all (0644) as the
// checkpoints are, atomically (safetensors.WriteFileAtomic), so that a
// failure leaves any earlier file intact.
func SavePNG(path string, img image.Image) error {
	b, err := EncodePNG(img)
	if err != nil {
		return err
	}
	if err := safetensors.WriteFileAtomic(path, b, 0o644); err != nil {
		return fmt.Errorf("viz: %w", err)
	}
	return nil
}
