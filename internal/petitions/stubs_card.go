package petitions

// Placeholders until card.go, transitions.go and status.go exist; their helper removes this file.

import "net/http"

func (h *Handler) card(w http.ResponseWriter, r *http.Request)         { notYet(w, r) }
func (h *Handler) printCard(w http.ResponseWriter, r *http.Request)    { notYet(w, r) }
func (h *Handler) file(w http.ResponseWriter, r *http.Request)         { notYet(w, r) }
func (h *Handler) transition(w http.ResponseWriter, r *http.Request)   { notYet(w, r) }
func (h *Handler) statusPage(w http.ResponseWriter, r *http.Request)   { notYet(w, r) }
func (h *Handler) statusLookup(w http.ResponseWriter, r *http.Request) { notYet(w, r) }
