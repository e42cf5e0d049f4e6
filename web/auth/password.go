// Package auth holds what logging in needs: password hashes (computed a
// few at a time, see withSlot), session and CSRF tokens. It keeps no
// state in the database: the web package stores sessions and counts
// failed logins through storage.Store, where the count is atomic and an
// administrator can clear it (lawreview user unlock).
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: the OWASP Password Storage Cheat Sheet's first
// configuration (m=19 MiB, t=2, p=1), the least memory it recommends, so
// that a small office server can take bursts of logins. Hashes made with
// other parameters (m=32768,p=2 before issue 14) still verify: the
// parameters are read from each hash.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Every argon2id computation takes one of a few slots: each holds its
// memory parameter in RAM, and 120 concurrent logins once took a server
// from 230 MB to 4 GB. Callers beyond maxHashWaiters are turned away with
// ErrBusy instead of queueing without end.
var (
	hashSlots   = make(chan struct{}, max(1, min(runtime.NumCPU(), 4)))
	hashWaiters atomic.Int64
)

const maxHashWaiters = 512

// ErrBusy is returned when too many password checks are already waiting.
var ErrBusy = errors.New("too many password checks waiting")

// withSlot runs fn holding a hashing slot, waiting for one while ctx lives.
func withSlot(ctx context.Context, fn func()) error {
	if hashWaiters.Add(1) > maxHashWaiters {
		hashWaiters.Add(-1)
		return ErrBusy
	}
	select {
	case hashSlots <- struct{}{}:
		hashWaiters.Add(-1)
	case <-ctx.Done():
		hashWaiters.Add(-1)
		return ctx.Err()
	}
	defer func() { <-hashSlots }()
	fn()
	return nil
}

// MinPasswordLen is the shortest password accepted when setting one.
const MinPasswordLen = 8

// ErrWeakPassword is returned for a password that is too short.
var ErrWeakPassword = fmt.Errorf("密码至少需要 %d 个字符", MinPasswordLen)

// MaxPasswordLen bounds what is hashed: a password is typed by a person.
const MaxPasswordLen = 1024

// ErrLongPassword is returned for a password over MaxPasswordLen bytes.
var ErrLongPassword = fmt.Errorf("密码不超过 %d 个字符", MaxPasswordLen)

// HashPassword returns an encoded argon2id hash:
// $argon2id$v=19$m=19456,t=2,p=1$salt$key.
func HashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return "", ErrWeakPassword
	}
	if len(password) > MaxPasswordLen {
		return "", ErrLongPassword
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("generate salt: %w", err)
	}
	var key []byte
	if err := withSlot(context.Background(), func() {
		key = argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	}); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("malformed password hash")

// CheckPassword reports whether password matches the encoded hash. The
// parameters come from the hash so that old hashes keep working after the
// defaults change. It waits for a hashing slot as long as it takes.
func CheckPassword(encoded, password string) bool {
	ok, err := CheckPasswordContext(context.Background(), encoded, password)
	return err == nil && ok
}

// CheckPasswordContext is CheckPassword waiting for a hashing slot only
// while ctx lives; ErrBusy when too many checks are waiting already.
func CheckPasswordContext(ctx context.Context, encoded, password string) (bool, error) {
	if len(password) > MaxPasswordLen {
		password = password[:MaxPasswordLen] // never matches a stored hash, and costs what any other does
	}
	ok, err := checkPassword(ctx, encoded, password)
	if errors.Is(err, errBadHash) {
		return false, nil
	}
	return ok, err
}

func checkPassword(ctx context.Context, encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<20 || t > 16 {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) == 0 || len(key) > 64 {
		return false, errBadHash
	}
	var got []byte
	if err := withSlot(ctx, func() { got = argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(key))) }); err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// dummyHash is compared against when the user does not exist, so that the
// response time does not reveal which usernames exist. It is made on first
// use: as a package variable it cost every process that links this
// package, every CLI command included, one argon2id hash at start (170 ms
// of CPU with the parameters of the time).
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("dummy-password-never-matches")
	return h
})

// CheckMissingUser burns the same time as CheckPassword and returns false.
func CheckMissingUser(password string) bool {
	_, _ = CheckMissingUserContext(context.Background(), password)
	return false
}

// CheckMissingUserContext is CheckMissingUser with CheckPasswordContext's
// waiting rules; it never reports a match.
func CheckMissingUserContext(ctx context.Context, password string) (bool, error) {
	_, err := CheckPasswordContext(ctx, dummyHash(), password)
	return false, err
}

// Token returns n random bytes, URL-safe base64 encoded.
func Token(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the OS has no entropy: nothing sensible to do
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how session tokens are stored: a stolen database does not
// yield usable cookies.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// EqualTokens compares two tokens in constant time.
func EqualTokens(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// GeneratePassword returns a random password for first start and new
// accounts: 16 characters without look-alikes (0/O, 1/l/I).
func GeneratePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
