package sqlstore

// SessionFills is how many entries SessionUser read from the database since the
// store opened; -1 when the store keeps no sessions in memory.
func SessionFills(s *Store) int64 {
	if s.sessions == nil {
		return -1
	}
	s.sessions.mu.Lock()
	defer s.sessions.mu.Unlock()
	return s.sessions.fills
}
