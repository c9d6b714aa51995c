package dev.deskdup.internal.ring;

/** Asked by the filling loop between waits: whether to give up now (capture closed, stream stopping). */
interface StopSignal {
    boolean stopRequested();
}
