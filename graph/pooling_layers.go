package graph

import "gorgonia.org/gorgonia"

// MaxPool2D is Keras's MaxPooling2D(pool_size=(Size, Size), padding=Pad),
// moving by its own size.
type MaxPool2D struct {
	name string
	Size int
	Pad  Padding
}

// NewMaxPool2D returns a max-pooling layer; it has no parameters.
func NewMaxPool2D(name string, size int, pad Padding) *MaxPool2D {
	return &MaxPool2D{name: name, Size: size, Pad: pad}
}

func (p *MaxPool2D) Name() string               { return p.name }
func (p *MaxPool2D) Kind() string               { return "MaxPooling2D" }
func (p *MaxPool2D) Learnables() gorgonia.Nodes { return nil }
func (p *MaxPool2D) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	return MaxPool2DOp(x, p.Size, p.Size, p.Pad)
}

// Upsample2D is Keras's UpSampling2D((Size, Size)) with nearest
// interpolation.
type Upsample2D struct {
	name string
	Size int
}

// NewUpsample2D returns an upsampling layer; it has no parameters.
func NewUpsample2D(name string, size int) *Upsample2D {
	return &Upsample2D{name: name, Size: size}
}

func (u *Upsample2D) Name() string               { return u.name }
func (u *Upsample2D) Kind() string               { return "UpSampling2D" }
func (u *Upsample2D) Learnables() gorgonia.Nodes { return nil }
func (u *Upsample2D) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	return Upsample2DOp(x, u.Size, u.Size)
}
