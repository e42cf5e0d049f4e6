package workflow

import (
	"context"
	"sync"
	"time"
)

// loginGate bounds the password checks running at once per throttle key.
// Every attempt is counted against its keys before its password is hashed
// (storage.ReserveLogin), so an attempt still running counts as a failure
// until it succeeds: without the gate, 15 people of one office logging in
// at the same moment, or one person's double click, would read as a
// guessing run and get 429. Through the gate attempts on one account take
// turns, and at most gateAddress run for one address; the rest wait here
// (not in the database), at most loginWait.
type loginGate struct {
	mu    sync.Mutex
	slots map[string]*gateSlot
}

type gateSlot struct {
	ch   chan struct{}
	refs int
}

const (
	gateAccount = 1
	gateAddress = 8
	loginWait   = 30 * time.Second
)

// enter takes a turn on every key (in the order given, the same order for
// every caller, so that two logins never wait for each other in a circle)
// and returns the function that gives them back.
func (g *loginGate) enter(ctx context.Context, keys []string, sizes []int) (leave func(), err error) {
	ctx, cancel := context.WithTimeout(ctx, loginWait)
	defer cancel()
	var held []string
	leave = func() {
		for _, k := range held {
			g.release(k)
		}
	}
	for i, k := range keys {
		s := g.ref(k, sizes[i])
		select {
		case s.ch <- struct{}{}:
			held = append(held, k)
		case <-ctx.Done():
			g.unref(k)
			leave()
			return nil, ctx.Err()
		}
	}
	return leave, nil
}

func (g *loginGate) ref(key string, size int) *gateSlot {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.slots == nil {
		g.slots = map[string]*gateSlot{}
	}
	s := g.slots[key]
	if s == nil {
		s = &gateSlot{ch: make(chan struct{}, size)}
		g.slots[key] = s
	}
	s.refs++
	return s
}

// unref forgets a key nobody waits for or holds, so that the map does not
// grow with every name tried.
func (g *loginGate) unref(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if s := g.slots[key]; s != nil {
		if s.refs--; s.refs == 0 {
			delete(g.slots, key)
		}
	}
}

func (g *loginGate) release(key string) {
	<-g.slot(key).ch
	g.unref(key)
}

func (g *loginGate) slot(key string) *gateSlot {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.slots[key]
}
