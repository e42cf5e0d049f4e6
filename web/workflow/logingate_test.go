package workflow

import (
	"context"
	"testing"
	"time"
)

// The gate lets size holders of a key in at once, makes the others wait,
// gives up when the context ends and forgets keys nobody holds.
func TestLoginGate(t *testing.T) {
	var g loginGate
	leave1, err := g.enter(t.Context(), []string{"user:a", "ip:1"}, []int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	leave2, err := g.enter(t.Context(), []string{"user:b", "ip:1"}, []int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := g.enter(ctx, []string{"user:c", "ip:1"}, []int{1, 2}); err == nil {
		t.Fatal("a third holder of ip:1 got in with room for two")
	}
	got := make(chan error, 1)
	go func() {
		leave, err := g.enter(t.Context(), []string{"user:a", "ip:1"}, []int{1, 2})
		if err == nil {
			leave()
		}
		got <- err
	}()
	select {
	case <-got:
		t.Fatal("user:a entered twice at once")
	case <-time.After(50 * time.Millisecond):
	}
	leave1()
	if err := <-got; err != nil {
		t.Fatalf("waiting for user:a: %v", err)
	}
	leave2()
	if n := len(g.slots); n != 0 {
		t.Errorf("%d keys kept after everyone left", n)
	}
}
