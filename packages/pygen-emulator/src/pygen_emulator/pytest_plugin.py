"""pytest plugin of pygen-emulator (fixtures come with the emulator)."""
