package petitions

// Placeholders until register.go and scheme.go exist; their helper removes this file.

import "net/http"

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request)            { notYet(w, r) }
func (h *Handler) register(w http.ResponseWriter, r *http.Request)           { notYet(w, r) }
func (h *Handler) scheme(w http.ResponseWriter, r *http.Request)             { notYet(w, r) }
func (h *Handler) schemeSave(w http.ResponseWriter, r *http.Request)         { notYet(w, r) }
func (h *Handler) rules(w http.ResponseWriter, r *http.Request)              { notYet(w, r) }
func (h *Handler) rulesAdd(w http.ResponseWriter, r *http.Request)           { notYet(w, r) }
func (h *Handler) acknowledgementPDF(w http.ResponseWriter, r *http.Request) { notYet(w, r) }
