package petitions

// Placeholders until list.go exists; the helper building the list removes this file.

import "net/http"

func (h *Handler) list(w http.ResponseWriter, r *http.Request)            { notYet(w, r) }
func (h *Handler) exportCSV(w http.ResponseWriter, r *http.Request)       { notYet(w, r) }
func (h *Handler) exportXLSX(w http.ResponseWriter, r *http.Request)      { notYet(w, r) }
func (h *Handler) resolutionQueue(w http.ResponseWriter, r *http.Request) { notYet(w, r) }
func (h *Handler) assigned(w http.ResponseWriter, r *http.Request)        { notYet(w, r) }
