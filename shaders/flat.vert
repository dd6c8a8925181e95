#version 330 core
// Coloured ground geometry (grid lines, plane, trails), optionally shifted by u_offset.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec4 a_color;

uniform mat4 u_viewProj;
uniform vec3 u_offset;

out vec3 v_worldPos;
out vec4 v_color;

void main()
{
    vec3 world = a_position + u_offset;
    v_worldPos = world;
    v_color = a_color;
    gl_Position = u_viewProj * vec4(world, 1.0);
}
