"""Networks small enough to train in a second, for the tests."""

TINY_CNN = dict(channels=(8,), max_epochs=30, lr=1e-3, batch_size=32, validation_fraction=0.0, random_state=0)
TINY_TEANET = dict(TINY_CNN, n_masks=2, reconstruction_depth=2, reconstruction_channels=4)
#: Three epochs of a four-channel CNN: enough to have fitted weights to explain or to feed bad input.
THREE_EPOCHS = dict(channels=(4,), max_epochs=3, batch_size=16, random_state=0)
