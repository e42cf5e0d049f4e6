package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// oldHash was made with the parameters used before issue 14 (m=32768,
// t=2, p=2): accounts keep logging in with it.
const oldHash = "$argon2id$v=19$m=32768,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$WvrLdeVcgZWSYWGpgvcB/GRqUjBlwx3PjjG1nyAPf9c"

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("正确的密码123")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("hash %q is not argon2id", h)
	}
	h2, _ := HashPassword("正确的密码123")
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	cases := []struct {
		hash, pw string
		want     bool
	}{
		{h, "正确的密码123", true},
		{h, "正确的密码124", false},
		{h, "", false},
		{"", "正确的密码123", false},
		{"$argon2id$v=19$m=0,t=0,p=0$AAAA$AAAA", "x", false},
		{"$bcrypt$whatever", "x", false},
		{strings.Replace(h, "m=19456", "m=99999999", 1), "正确的密码123", false}, // refuses absurd cost
		{oldHash, "password-1", true}, // made with the parameters before issue 14
	}
	for _, c := range cases {
		if got := CheckPassword(c.hash, c.pw); got != c.want {
			t.Errorf("CheckPassword(%q, %q) = %v, want %v", c.hash, c.pw, got, c.want)
		}
	}
	if _, err := HashPassword("短密码"); err != ErrWeakPassword {
		t.Errorf("short password: %v, want ErrWeakPassword", err)
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("password-1")
	f.Add(h, "password-1")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$a2V5", "x")
	f.Add("$$$$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		// Bound the cost an attacker-controlled hash can ask for.
		if strings.Contains(hash, "m=") && !strings.Contains(hash, "m=8,") {
			return
		}
		CheckPassword(hash, pw) // must not panic
	})
}

// Hashing runs at most cap(hashSlots) at a time, and callers beyond
// maxHashWaiters are turned away rather than queued.
func TestHashSlots(t *testing.T) {
	dummy := dummyHash() // made with a slot of its own, before they are all taken
	var running, peak atomic.Int64
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 3 * cap(hashSlots) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = withSlot(context.Background(), func() {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				<-release
				running.Add(-1)
			})
		}()
	}
	for hashWaiters.Load() < int64(2*cap(hashSlots)) {
		time.Sleep(time.Millisecond)
	}
	if p := peak.Load(); p != int64(cap(hashSlots)) {
		t.Errorf("%d hashes at once, want %d", p, cap(hashSlots))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CheckPasswordContext(ctx, dummy, "x"); !errors.Is(err, context.Canceled) {
		t.Errorf("check with a cancelled context while all slots are busy: %v", err)
	}
	hashWaiters.Add(maxHashWaiters) // as if the queue were full
	if _, err := CheckPasswordContext(context.Background(), dummy, "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("check with a full queue: %v, want ErrBusy", err)
	}
	hashWaiters.Add(-maxHashWaiters)
	close(release)
	wg.Wait()
}

func TestTokens(t *testing.T) {
	a, b := Token(32), Token(32)
	if a == b || len(a) < 40 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if !EqualTokens(a, a) || EqualTokens(a, b) || EqualTokens("", "") {
		t.Fatal("EqualTokens")
	}
	if HashToken(a) == a || len(HashToken(a)) != 64 {
		t.Fatal("HashToken")
	}
	p := GeneratePassword()
	if len(p) != 16 || strings.ContainsAny(p, "0O1lI") {
		t.Fatalf("generated password %q", p)
	}
}
