package classes

// OnChange sets f to be called with a class's code after every change a
// teacher makes to it (pause, resume, lock, rename, remove, end): the hub
// on the same instance pushes it to the pupils at once (hub.ClassChanged).
// It is a shortcut only: the hub also polls the store, which is how other
// instances learn of the change.
func (s *Service) OnChange(f func(code string)) { s.onChange.Store(&f) }

// changed tells the OnChange function, if any, that the class changed.
func (s *Service) changed(code string) {
	if f := s.onChange.Load(); f != nil {
		(*f)(code)
	}
}
