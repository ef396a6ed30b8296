package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// The team is a set of long-lived worker goroutines that run the parts of
// split beyond the first. A training step runs its kernels back to back, a
// few hundred microseconds each; a goroutine started per part, or one
// parked between kernels, costs a wake-up through the OS each time, which
// on two cores was a third of a small convolutional model's step. A team
// worker instead spins for a while after its part, so that the next
// kernel finds it awake, and only then parks.
var team struct {
	mu    sync.Mutex // held by the split using the team; others start goroutines
	slots []*slot
}

// spinFor is how many polls a worker makes for its next part before it
// parks, a few hundred microseconds. Spinning workers, and the caller
// waiting for their parts, yield every 16 polls (runtime.Gosched): every
// 64 made the denoiser's and the conv model's steps 2–5% slower on two
// cores, every 1024 10% (go test -bench TrainStep ./nets).
const spinFor = 1 << 14

// slot is one worker's mailbox.
type slot struct {
	seq    atomic.Uint64 // bumped when a part is posted
	parked atomic.Bool
	wake   chan struct{}
	// the part posted: f's part i of parts over [0, n)
	f           func(i, lo, hi int)
	i, n, parts int
	done        *atomic.Int64
}

// teamSplit runs f's parts 1..parts-1 on the team and part 0 on the
// caller's goroutine, and reports false, having run nothing, when another
// split holds the team.
func teamSplit(n, parts int, f func(i, lo, hi int)) bool {
	if !team.mu.TryLock() {
		return false
	}
	defer team.mu.Unlock()
	for len(team.slots) < parts-1 {
		s := &slot{wake: make(chan struct{}, 1)}
		team.slots = append(team.slots, s)
		go s.work()
	}
	var pending atomic.Int64
	pending.Store(int64(parts - 1))
	for i := 1; i < parts; i++ {
		s := team.slots[i-1]
		s.f, s.i, s.n, s.parts, s.done = f, i, n, parts, &pending
		s.seq.Add(1)
		if s.parked.Load() {
			select {
			case s.wake <- struct{}{}:
			default:
			}
		}
	}
	f(0, 0, n/parts)
	for k := 0; pending.Load() != 0; k++ {
		if k%16 == 15 {
			runtime.Gosched()
		}
	}
	return true
}

// work runs the parts posted to s, forever.
func (s *slot) work() {
	var seen uint64
	for {
		for k := 0; s.seq.Load() == seen; k++ {
			if k < spinFor {
				if k%16 == 15 {
					runtime.Gosched()
				}
				continue
			}
			s.parked.Store(true)
			if s.seq.Load() == seen {
				<-s.wake
			}
			s.parked.Store(false)
			k = 0
		}
		seen = s.seq.Load()
		s.f(s.i, s.i*s.n/s.parts, (s.i+1)*s.n/s.parts)
		s.done.Add(-1)
	}
}
