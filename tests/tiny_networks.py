"""Networks small enough to train in a second, for the tests."""

from sklearn_teanet import DoublePyramidLeNet, UNetReconstructor

TINY_CNN = dict(
    module=DoublePyramidLeNet(channels=(8,)),
    max_epochs=30,
    lr=1e-3,
    batch_size=32,
    validation_fraction=0.0,
    random_state=0,
)
TINY_TEANET = dict(TINY_CNN, n_masks=2, reconstructor=UNetReconstructor(depth=2, channels=4))
#: Three epochs of a four-channel CNN: enough to have fitted weights to explain or to feed bad input.
THREE_EPOCHS = dict(module=DoublePyramidLeNet(channels=(4,)), max_epochs=3, batch_size=16, random_state=0)
