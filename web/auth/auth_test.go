package auth

import (
	"strings"
	"testing"
	"time"
)

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
		{strings.Replace(h, "m=32768", "m=99999999", 1), "正确的密码123", false}, // refuses absurd cost
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

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(3, 10*time.Minute)
	th.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if b, _ := th.Blocked("user:a"); b {
			t.Fatalf("blocked after %d failures", i)
		}
		th.Fail("user:a")
		now = now.Add(time.Minute)
	}
	b, wait := th.Blocked("user:a")
	if !b || wait != 7*time.Minute {
		t.Fatalf("after 3 failures: blocked=%v wait=%v, want true 7m", b, wait)
	}
	if b, _ := th.Blocked("user:b"); b {
		t.Fatal("another key is blocked")
	}
	now = now.Add(8 * time.Minute)
	if b, _ := th.Blocked("user:a"); b {
		t.Fatal("still blocked after the window")
	}
	th.Fail("user:a")
	th.Reset("user:a")
	if b, _ := th.Blocked("user:a"); b {
		t.Fatal("blocked after reset")
	}
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
