# tools/agent/agent.mk - tetd-agent, the agent packer/inspector. It links
# the firmware's own parsers (tetdg-early/, hosted build) - one home for
# the agent and volume formats. $(TETD_AGENT) is named in agents/agents.mk,
# which packs the volume with it.
#   make tetd-agent    build $(O)/tools/tetd-agent

$(TETD_AGENT): $(TOP)/tools/agent/tetd-agent.c $(TETDG_EARLY_HOST_OBJS) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(TETDG_EARLY_HOST_CFLAGS) -o $@ $< $(TETDG_EARLY_HOST_OBJS)

.PHONY: tetd-agent
tetd-agent: $(TETD_AGENT)
